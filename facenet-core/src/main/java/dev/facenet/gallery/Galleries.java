package dev.facenet.gallery;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a gallery from where the user said it is: a file path means the embedded SQLite store, a
 * database URL ({@code postgresql://user[:password]@host[:port]/database[?params]} or {@code
 * jdbc:postgresql://...}) the PostgreSQL store. The CLI's {@code --db} and the library's builder
 * both come here, so every command accepts every store. Stateless, so thread-safe.
 */
public final class Galleries {
  private Galleries() {}

  /** Opens the gallery at {@code where}, creating an empty one when there is none yet. */
  public static Gallery open(String where) {
    if (PostgresUrl.isUrl(where)) {
      return PostgresGallery.open(where);
    }
    return SqliteGallery.open(Path.of(where));
  }

  /** Opens the gallery at {@code where}, which must already exist (for commands that only read). */
  public static Gallery openExisting(String where) {
    if (PostgresUrl.isUrl(where)) {
      return PostgresGallery.openExisting(where);
    }
    return SqliteGallery.openExisting(Path.of(where));
  }

  /**
   * Whether a gallery may already hold something at {@code where}: a file that exists (a server
   * store always may: finding out would mean connecting). Used to avoid creating a gallery just to
   * read from it.
   */
  public static boolean mayExist(String where) {
    return PostgresUrl.isUrl(where) || Files.exists(Path.of(where));
  }
}
