package dev.facenet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code facenet serve} as a user runs it, in a process of its own: it prints the URL it listens on
 * and, for a gallery without keys, an admin key; answers there to that key only, and a TERM signal
 * (what Ctrl-C and service managers send) stops it with the gallery intact, readable by the next
 * command.
 */
class ServeCommandTest {
  private static final Pattern URL = Pattern.compile(".* on (http://127\\.0\\.0\\.1:\\d+)$");

  @TempDir Path dir;

  @Test
  void servesUntilStoppedAndLeavesTheGalleryWhole() throws Exception {
    Path db = dir.resolve("people.db");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-Dai.djl.offline=true",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-cp",
                    System.getProperty("java.class.path"),
                    Main.class.getName(),
                    "serve",
                    "--db",
                    db.toString(),
                    "--port",
                    "0"))
            .redirectError(dir.resolve("serve.err").toFile());
    pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    Process serve = pb.start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      assertThat(first).as("first line; stderr: %s", err()).isNotNull();
      Matcher m = URL.matcher(first);
      assertThat(m.matches()).as(first).isTrue();
      String url = m.group(1);
      assertThat(out.readLine()).contains("no API keys; made admin key");
      String key = out.readLine();
      assertThat(key).startsWith("fnk_");

      HttpClient http = HttpClient.newHttpClient();
      HttpRequest.Builder enrol =
          HttpRequest.newBuilder(URI.create(url + "/v1/people/shivi/faces"))
              .header("Content-Type", "image/jpeg")
              .POST(BodyPublishers.ofFile(Fixtures.seedImage("shivi.jpg")));
      var refused = http.send(enrol.build(), BodyHandlers.ofString());
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
      var enrolled =
          http.send(
              enrol.header("Authorization", "Bearer " + key).build(), BodyHandlers.ofString());
      assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);

      serve.destroy(); // SIGTERM
      assertThat(serve.waitFor(60, TimeUnit.SECONDS)).as("stopped; stderr: %s", err()).isTrue();
    } finally {
      serve.destroyForcibly();
    }
    Cli.Result listed = Cli.run("list", "--db", db);
    assertThat(listed.code()).isZero();
    assertThat(listed.out()).contains("shivi");
    Cli.Result audit = Cli.run("audit", "--db", db);
    assertThat(audit.out())
        .contains("enroll  shivi, 1 encoding  by key ")
        .contains("first admin key");
  }

  @Test
  void keysAreMadeListedAndRevokedFromTheCommandLine() throws Exception {
    Path db = dir.resolve("keys.db");
    Cli.Result made = Cli.run("keys", "create", "--db", db, "--role", "user", "--name", "door");
    assertThat(made.code()).as(made.err()).isZero();
    String[] lines = made.out().strip().split("\n");
    assertThat(lines[0])
        .startsWith("Created user key ")
        .endsWith("(door). The key, shown only this once:");
    String key = lines[1];
    assertThat(key).startsWith("fnk_");
    Cli.Result admin = Cli.run("keys", "create", "--db", db, "--role", "admin", "--json");
    com.google.gson.JsonObject json =
        com.google.gson.JsonParser.parseString(admin.out()).getAsJsonObject();
    assertThat(json.get("role").getAsString()).isEqualTo("admin");
    assertThat(json.get("label").getAsString()).isEqualTo("admin key");
    assertThat(json.get("key").getAsString()).startsWith("fnk_" + json.get("id").getAsString());

    Cli.Result listed = Cli.run("keys", "list", "--db", db);
    assertThat(listed.out()).contains("user   door").contains("admin  admin key");
    assertThat(listed.out()).doesNotContain(key.substring(21)); // never the secret again
    assertThat(Cli.run("keys", "revoke", "--db", db, "door").out()).startsWith("Revoked user key ");
    assertThat(Cli.run("keys", "list", "--db", db).out()).contains("REVOKED");

    Cli.Result again = Cli.run("keys", "revoke", "--db", db, "door");
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err().strip()).isEqualTo("facenet: no key with id or label 'door'");
    Cli.Result role = Cli.run("keys", "create", "--db", db, "--role", "root");
    assertThat(role.code()).isEqualTo(2);
    assertThat(role.err().strip())
        .isEqualTo("facenet: a key's role is 'user' or 'admin', got 'root'");
    Cli.Result nothing = Cli.run("keys", "--db", db);
    assertThat(nothing.code()).isEqualTo(2);
    Cli.Result missing = Cli.run("keys", "list", "--db", dir.resolve("none.db"));
    assertThat(missing.code()).isEqualTo(2);
    assertThat(dir.resolve("none.db")).doesNotExist();
    assertThat(Cli.run("audit", "--db", db).out().strip()).isEqualTo("No changes recorded.");
  }

  @Test
  void badOptionsAndABusyPortAreOneLineAndExitTwo() throws Exception {
    Path db = dir.resolve("people.db");
    Cli.Result zero = Cli.run("serve", "--db", db, "--max-body", "0");
    assertThat(zero.code()).isEqualTo(2);
    assertThat(zero.err().strip())
        .startsWith("facenet: server limits must be positive")
        .doesNotContain("\n");
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      // a guard against a hang should the port ever be shared, not a measure of speed
      Cli.Result busy =
          org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
              java.time.Duration.ofMinutes(5),
              () -> Cli.run("serve", "--db", db, "--port", taken.getLocalPort()));
      assertThat(busy.code()).isEqualTo(2);
      assertThat(busy.err().strip())
          .startsWith("facenet: cannot listen on 127.0.0.1:" + taken.getLocalPort())
          .doesNotContain("\n");
    }
    assertThat(db).doesNotExist(); // nothing was created
  }

  private String err() throws Exception {
    Path f = dir.resolve("serve.err");
    return Files.exists(f) ? Files.readString(f) : "";
  }
}
