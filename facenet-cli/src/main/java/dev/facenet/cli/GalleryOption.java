package dev.facenet.cli;

import dev.facenet.gallery.SqliteGallery;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --db FILE}: the gallery file, for the commands that use one. */
public final class GalleryOption {

  @Option(names = "--db", paramLabel = "FILE", required = true, description = "The gallery file (SQLite).")
  Path file;

  /** The gallery for commands that only read or shrink it: a missing file is an error, never created. */
  SqliteGallery openExisting() {
    return SqliteGallery.openExisting(file);
  }
}
