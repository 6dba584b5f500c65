package dev.facenet.gallery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server the gallery tests run against. {@code FACENET_TEST_POSTGRES} (a {@code
 * postgresql://} URL of a role that may create databases) names one; without it a throwaway
 * PostgreSQL 15 is started from the Debian binaries in a temporary folder, on a free loopback port
 * with trust authentication, and stopped when the JVM exits. When neither is possible the tests
 * fail and say how to fix it; they are skipped only when {@code FACENET_SKIP_POSTGRES=1} says so
 * (for a developer without a server: CI never sets it). Thread-safe (started once per JVM).
 */
final class PostgresTestServer {
  static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

  /** The role the throwaway server is created with. */
  private static final String ROLE = "facenet";

  private static String adminUrl;
  private static String failure;

  private PostgresTestServer() {}

  /**
   * The URL of the server's {@code postgres} database, as a role that may create databases; fails
   * (or skips, when asked) when there is no server.
   */
  static synchronized String adminUrl() {
    if (adminUrl == null && failure == null) {
      try {
        adminUrl = start();
      } catch (IOException | RuntimeException e) {
        failure = e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = "interrupted while starting PostgreSQL";
      }
    }
    if (adminUrl == null) {
      String why =
          "no PostgreSQL server for the gallery tests: "
              + failure
              + ". Install the server (apt-get install postgresql-15) so the tests start their own,"
              + " or set FACENET_TEST_POSTGRES=postgresql://user:password@host:5432/postgres"
              + " (a role that may CREATE DATABASE); FACENET_SKIP_POSTGRES=1 skips these tests.";
      Assumptions.assumeFalse(skipAsked(), why);
      throw new AssertionError(why);
    }
    return adminUrl;
  }

  private static boolean skipAsked() {
    return "1".equals(System.getenv("FACENET_SKIP_POSTGRES"))
        || "1".equals(System.getProperty("FACENET_SKIP_POSTGRES"));
  }

  /** A new empty database; returns its URL. */
  static String createDatabase() {
    String name = "facenet_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    admin("CREATE DATABASE " + name);
    return withDatabase(adminUrl(), name);
  }

  /** Drops a database made by {@link #createDatabase()}, closing whatever still uses it. */
  static void dropDatabase(String url) {
    String name = url.substring(url.lastIndexOf('/') + 1);
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  /** Runs SQL in the server's {@code postgres} database. */
  static void admin(String sql) {
    try (Connection c = connect(adminUrl());
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** A plain JDBC connection, for tests that look behind the gallery's back. */
  static Connection connect(String url) throws SQLException {
    PostgresUrl where = PostgresUrl.parse(url);
    return DriverManager.getConnection(where.jdbcUrl(), where.properties());
  }

  /** The same server and role, another database. */
  static String withDatabase(String url, String database) {
    int slash = url.indexOf('/', url.indexOf("://") + 3);
    int query = url.indexOf('?', slash);
    return url.substring(0, slash + 1) + database + (query < 0 ? "" : url.substring(query));
  }

  private static String start() throws IOException, InterruptedException {
    String given = System.getenv("FACENET_TEST_POSTGRES");
    if (given != null && !given.isBlank()) {
      return given.strip();
    }
    if (!Files.isExecutable(BIN.resolve("postgres"))) {
      throw new IllegalStateException(
          "FACENET_TEST_POSTGRES is not set and " + BIN.resolve("postgres") + " is missing");
    }
    // initdb refuses to run as root: then the server runs as the postgres account
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("facenet-pg-");
    if (root) {
      UserPrincipal owner;
      try {
        owner =
            dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
      } catch (IOException e) {
        deleteQuietly(dir);
        throw new IllegalStateException(
            "running as root, and there is no postgres account to run the server as", e);
      }
      Files.setOwner(dir, owner);
    }
    Path data = dir.resolve("data");
    run(
        root,
        dir,
        BIN + "/initdb",
        "-D",
        data.toString(),
        "-U",
        ROLE,
        "--auth=trust",
        "-E",
        "UTF8",
        "--no-locale",
        "--no-sync");
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      try {
        // -F: no fsync, a test server's data is thrown away; the socket lives in our folder
        run(
            root,
            dir,
            BIN + "/pg_ctl",
            "-D",
            data.toString(),
            "-l",
            dir.resolve("log").toString(),
            "-w",
            "-t",
            "60",
            "-o",
            "-F -k " + dir + " -h 127.0.0.1 -p " + port,
            "start");
      } catch (IOException e) {
        last = e; // the port was taken between finding it and starting: try another
        continue;
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      run(
                          root,
                          dir,
                          BIN + "/pg_ctl",
                          "-D",
                          data.toString(),
                          "-m",
                          "immediate",
                          "-w",
                          "stop");
                    } catch (IOException | InterruptedException ignored) {
                      // the JVM is exiting: nothing more to do
                    }
                    deleteQuietly(dir);
                  }));
      return "postgresql://" + ROLE + "@127.0.0.1:" + port + "/postgres";
    }
    throw last;
  }

  private static void run(boolean root, Path dir, String... command)
      throws IOException, InterruptedException {
    List<String> line = new ArrayList<>();
    if (root) {
      line.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    line.addAll(List.of(command));
    Path out = Files.createTempFile("facenet-pg-", ".out");
    try {
      Process p =
          new ProcessBuilder(line)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", line) + " did not finish");
      }
      if (p.exitValue() != 0) {
        String said = Files.readString(out, StandardCharsets.UTF_8).strip();
        Path log = dir.resolve("log");
        if (Files.isReadable(log)) {
          said += " / server log: " + Files.readString(log, StandardCharsets.UTF_8).strip();
        }
        throw new IOException(
            String.join(" ", line) + " failed (" + p.exitValue() + "): " + said.replace('\n', ' '));
      }
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** A port no one listens on now (a server there would be refused by the next start anyway). */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException ignored) {
      // a temporary folder left behind is harmless
    }
  }
}
