package dev.facenet.gallery;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The gallery contract against the PostgreSQL store, one new database per test. */
class PostgresGalleryContractTest extends GalleryContract {
  private String url;

  @BeforeEach
  void createDatabase() {
    url = PostgresTestServer.createDatabase();
  }

  @AfterEach
  void dropDatabase() {
    if (url != null) {
      PostgresTestServer.dropDatabase(url);
    }
  }

  @Override
  Gallery open() {
    return PostgresGallery.open(url);
  }
}
