package dev.facenet.cli;

import dev.facenet.FaceNet;
import picocli.CommandLine.Option;

/** {@code --db GALLERY}: the gallery, for the commands that use one. */
public final class GalleryOption {

  @Option(
      names = "--db",
      paramLabel = "GALLERY",
      required = true,
      description =
          "The gallery: a SQLite file, or a PostgreSQL server as"
              + " postgresql://user@host:port/database (a jdbc:postgresql: URL works too).")
  String where;

  /**
   * For the commands that only read or shrink the gallery: a missing file is an error, never
   * created.
   */
  FaceNet.Builder existing(FaceNet.Builder builder) {
    return builder.existingGallery(where);
  }

  /** Where the gallery is, fit to print: a database URL without its password. */
  String shown() {
    return where.replaceFirst("://([^:/@]*):[^@/]*@", "://$1@");
  }

  /** For the commands that add to it: a missing file is created when something is first stored. */
  FaceNet.Builder creating(FaceNet.Builder builder) {
    return builder.gallery(where);
  }
}
