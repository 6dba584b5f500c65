package dev.facenet.cli;

import dev.facenet.FaceNet;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --db FILE}: the gallery file, for the commands that use one. */
public final class GalleryOption {

  @Option(
      names = "--db",
      paramLabel = "FILE",
      required = true,
      description = "The gallery file (SQLite).")
  Path file;

  /**
   * For the commands that only read or shrink the gallery: a missing file is an error, never
   * created.
   */
  FaceNet.Builder existing(FaceNet.Builder builder) {
    return builder.existingGallery(file);
  }

  /** For the commands that add to it: a missing file is created when something is first stored. */
  FaceNet.Builder creating(FaceNet.Builder builder) {
    return builder.gallery(file);
  }
}
