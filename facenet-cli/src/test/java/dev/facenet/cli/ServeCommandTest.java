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
 * {@code facenet serve} as a user runs it, in a process of its own: it prints the URL it listens
 * on, answers there, and a TERM signal (what Ctrl-C and service managers send) stops it with the
 * gallery intact, readable by the next command.
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

      HttpClient http = HttpClient.newHttpClient();
      var enrolled =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/v1/people/shivi/faces"))
                  .header("Content-Type", "image/jpeg")
                  .POST(BodyPublishers.ofFile(Fixtures.seedImage("shivi.jpg")))
                  .build(),
              BodyHandlers.ofString());
      assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);

      serve.destroy(); // SIGTERM
      assertThat(serve.waitFor(60, TimeUnit.SECONDS)).as("stopped; stderr: %s", err()).isTrue();
    } finally {
      serve.destroyForcibly();
    }
    Cli.Result listed = Cli.run("list", "--db", db);
    assertThat(listed.code()).isZero();
    assertThat(listed.out()).contains("shivi");
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
