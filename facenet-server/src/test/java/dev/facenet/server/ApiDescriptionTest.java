package dev.facenet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.facenet.FaceNet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The API description in the repository (openapi.json) lists exactly the routes the server
 * registers, and its page loads Swagger UI from the webjar the server carries.
 */
class ApiDescriptionTest {
  private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

  @Test
  void theDescriptionListsEveryRouteAndNoOther() throws Exception {
    try (FaceNet faces = FaceNet.builder().build();
        FaceServer server = FaceServer.start(faces, ServerOptions.defaults(0))) {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> served = get(http, server.url() + "/openapi.json");
      assertThat(served.statusCode()).isEqualTo(200);
      JsonObject api = JsonParser.parseString(served.body()).getAsJsonObject();
      assertThat(api.get("openapi").getAsString()).startsWith("3.");

      Set<String> described = new HashSet<>();
      for (String path : api.getAsJsonObject("paths").keySet()) {
        for (String key : api.getAsJsonObject("paths").getAsJsonObject(path).keySet()) {
          if (METHODS.contains(key)) {
            described.add(key.toUpperCase(Locale.ROOT) + " " + path);
          }
        }
      }
      assertThat(described).containsExactlyInAnyOrderElementsOf(server.routes());
      // and says which need a key, and of which role, as the server checks them
      for (var route : server.access().entrySet()) {
        String[] methodAndPath = route.getKey().split(" ", 2);
        JsonObject op =
            api.getAsJsonObject("paths")
                .getAsJsonObject(methodAndPath[1])
                .getAsJsonObject(methodAndPath[0].toLowerCase(Locale.ROOT));
        if (route.getValue().equals("open")) {
          assertThat(op.getAsJsonArray("security")).as(route.getKey()).isEmpty();
        } else {
          assertThat(op.has("security")).as(route.getKey()).isFalse(); // the document's default
          assertThat(op.get("x-facenet-role").getAsString())
              .as(route.getKey())
              .isEqualTo(route.getValue());
          assertThat(op.getAsJsonObject("responses").keySet())
              .as(route.getKey())
              .contains("401", "403");
        }
      }
      assertThat(api.getAsJsonArray("security")).hasSize(2);
      // every reference in it points at something it defines
      Matcher ref = Pattern.compile("\"\\$ref\": *\"#/([^\"]+)\"").matcher(served.body());
      while (ref.find()) {
        JsonObject at = api;
        String[] parts = ref.group(1).split("/");
        for (int i = 0; i < parts.length - 1; i++) {
          at = at.getAsJsonObject(parts[i]);
          assertThat(at).as(ref.group(1)).isNotNull();
        }
        assertThat(at.has(parts[parts.length - 1])).as(ref.group(1)).isTrue();
      }

      HttpResponse<String> page = get(http, server.url() + "/docs");
      assertThat(page.statusCode()).isEqualTo(200);
      Matcher script = Pattern.compile("src=\"(/webjars/swagger-ui/[^\"]+)\"").matcher(page.body());
      assertThat(script.find()).as(page.body()).isTrue();
      HttpResponse<String> bundle = get(http, server.url() + script.group(1));
      assertThat(bundle.statusCode()).isEqualTo(200);
      assertThat(bundle.body()).contains("SwaggerUIBundle");
    }
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(), BodyHandlers.ofString());
  }
}
