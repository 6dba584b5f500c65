package dev.facenet.gallery;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The gallery contract against the embedded SQLite store, one file per test. */
class SqliteGalleryContractTest extends GalleryContract {
  @TempDir Path dir;

  @Override
  Gallery open() {
    return SqliteGallery.open(dir.resolve("contract.db"));
  }
}
