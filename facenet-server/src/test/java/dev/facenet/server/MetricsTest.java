package dev.facenet.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facenet.FaceNet;
import dev.facenet.common.KeyRole;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /metrics counts what was asked, by route template and status, with a latency histogram, the faces
 * answered, and the pictures in work and waiting.
 */
class MetricsTest {
  static final Path SEED = Path.of(System.getProperty("facenet.shared"), "fixtures/seed-images");

  @TempDir Path dir;

  @Test
  void countsRequestsByRouteAndStatusAndTheFacesAnswered() throws Exception {
    try (FaceNet faces = FaceNet.builder().gallery(dir.resolve("g.db")).build();
        FaceServer server = FaceServer.start(faces, ServerOptions.defaults(0))) {
      HttpClient http = HttpClient.newHttpClient();
      String url = server.url();
      String key = faces.keys().create(KeyRole.ADMIN, "metrics").text();
      post(http, url + "/v1/people/shivi/faces", SEED.resolve("shivi.jpg"), key);
      for (int i = 0; i < 3; i++) {
        post(http, url + "/v1/recognize", SEED.resolve("shivi_test.jpg"), key);
      }
      http.send(
          HttpRequest.newBuilder(URI.create(url + "/v1/people/nobody"))
              .header("X-API-Key", key)
              .GET()
              .build(),
          BodyHandlers.ofString());
      http.send( // refused: counted with its status too
          HttpRequest.newBuilder(URI.create(url + "/v1/people")).GET().build(),
          BodyHandlers.ofString());

      HttpResponse<String> scraped =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/metrics")).GET().build(),
              BodyHandlers.ofString());
      assertThat(scraped.statusCode()).isEqualTo(200);
      assertThat(scraped.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      String m = scraped.body();
      assertThat(value(m, "facenet_http_requests_seconds_count", "/v1/recognize", "200"))
          .isEqualTo(3);
      assertThat(value(m, "facenet_http_requests_seconds_count", "/v1/people/{name}/faces", "201"))
          .isEqualTo(1);
      assertThat(value(m, "facenet_http_requests_seconds_count", "/v1/people/{name}", "404"))
          .isEqualTo(1);
      assertThat(value(m, "facenet_http_requests_seconds_count", "/v1/people", "401")).isEqualTo(1);
      assertThat(m).contains("facenet_http_requests_seconds_bucket{");
      assertThat(m).containsPattern("facenet_faces_total\\{route=\"/v1/recognize\"\\} 3(\\.0)?\\n");
      assertThat(m).containsPattern("facenet_pictures_running \\d");
      assertThat(m).containsPattern("facenet_pictures_waiting 0(\\.0)?\\n");
      assertThat(m).containsPattern("facenet_bodies_held_bytes 0(\\.0)?\\n");
      assertThat(m).doesNotContain("nobody"); // names never become labels
    }
  }

  /** The value of a request series with this route and status. */
  private static double value(String metrics, String name, String route, String status) {
    Matcher line = Pattern.compile("(?m)^" + name + "\\{(.*)\\} (\\S+)$").matcher(metrics);
    while (line.find()) {
      String labels = line.group(1);
      if (labels.contains("route=\"" + route + "\"")
          && labels.contains("status=\"" + status + "\"")) {
        return Double.parseDouble(line.group(2));
      }
    }
    throw new AssertionError(name + " for " + route + " " + status + " not in:\n" + metrics);
  }

  private static void post(HttpClient http, String url, Path picture, String key) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "image/jpeg")
                .header("Authorization", "Bearer " + key)
                .POST(BodyPublishers.ofFile(picture))
                .build(),
            BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isLessThan(300);
  }
}
