package dev.facenet.gallery;

import dev.facenet.common.FaceNetException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;

/**
 * Where a PostgreSQL gallery lives, read from what a user types: {@code
 * postgresql://user[:password]@host[:port]/database[?params]} (libpq's form, {@code postgres://}
 * too) or the driver's {@code jdbc:postgresql://...}. The user and password travel as connection
 * properties, never in the JDBC URL, and {@link #toString()} shows only host, port and database, so
 * a password never reaches a log or a message. Immutable.
 *
 * @param jdbcUrl the driver's URL without credentials
 * @param user the role, or null to let the driver choose
 * @param password the password, or null
 * @param shown {@code host:port/database}, for messages
 */
record PostgresUrl(String jdbcUrl, String user, String password, String shown) {
  static final int DEFAULT_PORT = 5432;

  private static final String[] PREFIXES = {"jdbc:postgresql://", "postgresql://", "postgres://"};

  /** Whether {@code where} names a PostgreSQL database rather than a file. */
  static boolean isUrl(String where) {
    String lower = where.toLowerCase(Locale.ROOT);
    for (String p : PREFIXES) {
      if (lower.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  static PostgresUrl parse(String where) {
    if (!isUrl(where)) {
      throw new FaceNetException("not a PostgreSQL URL: expected postgresql://user@host/database");
    }
    String rest = where.substring(where.indexOf("://") + 3);
    URI uri;
    try {
      uri = new URI("postgresql://" + rest);
    } catch (URISyntaxException e) {
      // the input itself is not repeated: it may hold a password
      throw new FaceNetException(
          "the gallery database URL cannot be read ("
              + e.getReason()
              + "); expected postgresql://user[:password]@host[:port]/database"
              + " with special characters in the password written as %XX",
          e);
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new FaceNetException(
          "the gallery database URL names no host; expected"
              + " postgresql://user[:password]@host[:port]/database");
    }
    int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
    String path = uri.getPath() == null ? "" : uri.getPath();
    String database = path.startsWith("/") ? path.substring(1) : path;
    if (database.isEmpty() || database.contains("/")) {
      throw new FaceNetException(
          "the gallery database URL names no database; expected"
              + " postgresql://user[:password]@host[:port]/database");
    }
    String user = null;
    String password = null;
    String info = uri.getRawUserInfo();
    if (info != null) {
      int colon = info.indexOf(':');
      user = decode(colon < 0 ? info : info.substring(0, colon));
      password = colon < 0 ? null : decode(info.substring(colon + 1));
    }
    String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    String query = uri.getRawQuery();
    String jdbc =
        "jdbc:postgresql://"
            + hostPart
            + ":"
            + port
            + "/"
            + uri.getRawPath().substring(1)
            + (query == null ? "" : "?" + query);
    return new PostgresUrl(jdbc, user, password, hostPart + ":" + port + "/" + database);
  }

  /** The driver's connection properties: the credentials, and a name the server's views show. */
  Properties properties() {
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
    }
    if (password != null) {
      p.setProperty("password", password);
    }
    p.setProperty("ApplicationName", "facenet");
    return p;
  }

  private static String decode(String s) {
    // URLDecoder would read '+' as a space; in a URL's user part it is a plus
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return shown;
  }
}
