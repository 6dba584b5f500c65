package dev.facenet.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.facenet.AccessKeys;
import dev.facenet.FaceNet;
import dev.facenet.common.AuditEntry;
import dev.facenet.common.KeyRole;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service against a real server on a loopback port, with the seed's real pictures and a real
 * SQLite gallery: every endpoint's answer, and bad requests answered with a JSON error of the right
 * status that leaves the gallery as it was.
 */
class FaceServerTest {
  static final Path SEED = Path.of(System.getProperty("facenet.shared"), "fixtures/seed-images");
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dir;
  static FaceNet faces;
  static FaceServer server;
  static AccessKeys.NewKey admin;
  static AccessKeys.NewKey user;

  @BeforeAll
  static void start() {
    faces = FaceNet.builder().gallery(dir.resolve("people.db")).build();
    server = FaceServer.start(faces, ServerOptions.defaults(0).withMaxBodyBytes(2_000_000));
    admin = faces.keys().create(KeyRole.ADMIN, "test admin");
    user = faces.keys().create(KeyRole.USER, "door camera");
  }

  /** Each test starts from an empty gallery (one server serves them all). */
  @BeforeEach
  void emptyGallery() {
    faces.people().forEach(p -> faces.remove(p.name()));
  }

  @AfterAll
  static void stop() {
    server.close();
    faces.close();
  }

  @Test
  void everyEndpointAnswersOnRealPictures() throws Exception {
    assertThat(json(get("/healthz")).get("status").getAsString()).isEqualTo("ok");

    HttpResponse<String> enrolled = post("/v1/people/shivi/faces", jpeg("shivi.jpg"));
    assertThat(enrolled.statusCode()).isEqualTo(201);
    assertThat(json(enrolled).get("name").getAsString()).isEqualTo("shivi");
    assertThat(json(enrolled).get("encodings").getAsInt()).isEqualTo(1);
    HttpResponse<String> form = send(multipart("/v1/people/kevin/faces", List.of("kevin.jpg")));
    assertThat(form.statusCode()).as(form.body()).isEqualTo(201);
    assertThat(post("/v1/people/kevin/faces", jpeg("kevin.jpg")).statusCode()).isEqualTo(201);

    JsonArray people = JsonParser.parseString(get("/v1/people").body()).getAsJsonArray();
    assertThat(people).hasSize(2);
    JsonObject kevin = json(get("/v1/people/kevin"));
    assertThat(kevin.get("encodings").getAsInt()).isEqualTo(2);
    assertThat(kevin.getAsJsonArray("models").get(0).getAsString())
        .isEqualTo("resnet/dlib-chip-150");

    JsonObject recognized = json(post("/v1/recognize", jpeg("shivi_test.jpg")));
    JsonObject face = recognized.getAsJsonArray("faces").get(0).getAsJsonObject();
    assertThat(face.get("name").getAsString()).isEqualTo("shivi");
    assertThat(face.get("distance").getAsDouble()).isLessThan(0.6);
    assertThat(face.getAsJsonArray("box")).hasSize(4);
    assertThat(face.get("candidates").isJsonNull()).isTrue();
    assertThat(face.get("ambiguous").getAsBoolean()).isFalse();
    assertThat(face.get("margin").getAsDouble()).isGreaterThan(FaceNet.DEFAULT_AMBIGUITY_MARGIN);
    JsonObject top2 =
        json(post("/v1/recognize?top=2", jpeg("shivi_test.jpg")))
            .getAsJsonArray("faces")
            .get(0)
            .getAsJsonObject();
    assertThat(top2.getAsJsonArray("candidates")).hasSize(2);
    // the answer is the library's, number for number
    double library =
        faces.recognizeAll(SEED.resolve("shivi_test.jpg"), 0.6, 1).get(0).match().distance();
    assertThat(face.get("distance").getAsDouble()).isEqualTo(library);

    JsonObject yes = json(post("/v1/verify?name=shivi", jpeg("shivi_test.jpg")));
    assertThat(yes.get("match").getAsBoolean()).isTrue();
    assertThat(yes.get("threshold").getAsDouble()).isEqualTo(0.6);
    JsonObject no = json(post("/v1/verify?name=kevin", jpeg("shivi_test.jpg")));
    assertThat(no.get("match").getAsBoolean()).isFalse();

    HttpResponse<String> compared =
        send(multipart("/v1/compare", List.of("shivi.jpg", "shivi_test.jpg")));
    assertThat(compared.statusCode()).as(compared.body()).isEqualTo(200);
    assertThat(json(compared).get("match").getAsBoolean()).isTrue();

    JsonObject detected =
        json(post("/v1/detect", jpeg("kevin.jpg")))
            .getAsJsonArray("faces")
            .get(0)
            .getAsJsonObject();
    assertThat(detected.getAsJsonArray("landmarks")).hasSize(68);
    assertThat(detected.get("foundBy").getAsString()).startsWith("ssd");
    JsonObject embedded =
        json(post("/v1/embed", jpeg("kevin.jpg"))).getAsJsonArray("faces").get(0).getAsJsonObject();
    assertThat(embedded.getAsJsonArray("embedding")).hasSize(128);
    assertThat(embedded.get("model").getAsString()).isEqualTo("resnet");

    assertThat(delete("/v1/people/kevin").statusCode()).isEqualTo(204);
    assertError(get("/v1/people/kevin"), 404, "unknown_person");
    assertError(delete("/v1/people/kevin"), 404, "unknown_person");
    assertThat(faces.people()).extracting(p -> p.name()).containsExactly("shivi");
  }

  @Test
  void aPoorFaceIsRefusedWithTheReasonUnlessForcedAndEveryAnswerCarriesTheQuality()
      throws Exception {
    // Yale's subject 3 so far away that the face is about 15 px wide: found, but too poor
    BufferedImage full =
        ImageIO.read(
            Path.of(System.getProperty("facenet.shared"), "fixtures/yale/subject03/normal.gif")
                .toFile());
    BufferedImage far = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
    far.getGraphics()
        .drawImage(full.getScaledInstance(32, 24, java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, null);
    byte[] distant = png(far);

    HttpResponse<String> refused = post("/v1/people/ann/faces", distant);
    assertError(refused, 422, "poor_face");
    assertThat(json(refused).get("message").getAsString())
        .contains("the face is too poor to enrol (quality 0.", "px wide", "?force=true");
    assertThat(faces.people()).isEmpty();
    HttpResponse<String> forced = post("/v1/people/ann/faces?force=true", distant);
    assertThat(forced.statusCode()).as(forced.body()).isEqualTo(201);
    // forcing takes a poor face, nothing else: a picture without a face is refused all the same
    assertError(post("/v1/people/bob/faces?force=true", png(blank())), 400, "no_face");
    assertThat(faces.people()).extracting(p -> p.name()).containsExactly("ann");

    JsonObject recognized =
        json(post("/v1/recognize", distant)).getAsJsonArray("faces").get(0).getAsJsonObject();
    assertThat(recognized.getAsJsonObject("quality").get("poor").getAsBoolean()).isTrue();
    assertThat(recognized.getAsJsonObject("quality").getAsJsonArray("problems").toString())
        .contains("px wide");
    JsonObject verified = json(post("/v1/verify?name=ann", distant));
    assertThat(verified.get("poor").getAsBoolean()).isTrue();
    assertThat(verified.getAsJsonObject("quality").get("score").getAsDouble()).isLessThan(0.35);
    JsonObject good =
        json(post("/v1/detect", jpeg("kevin.jpg")))
            .getAsJsonArray("faces")
            .get(0)
            .getAsJsonObject()
            .getAsJsonObject("quality");
    assertThat(good.get("poor").getAsBoolean()).isFalse();
    assertThat(good.get("confidence").getAsDouble()).isGreaterThan(0.9);
    JsonObject embedded =
        json(post("/v1/embed", distant)).getAsJsonArray("faces").get(0).getAsJsonObject();
    assertThat(embedded.getAsJsonObject("quality").get("poor").getAsBoolean()).isTrue();
    HttpResponse<String> compared =
        send(multipart("/v1/compare", List.of("kevin.jpg", "far.png"), null, distant));
    assertThat(compared.statusCode()).as(compared.body()).isEqualTo(200);
    assertThat(json(compared).get("poor").getAsBoolean()).isTrue();
    assertThat(json(compared).getAsJsonObject("secondQuality").get("poor").getAsBoolean()).isTrue();
  }

  @Test
  void badRequestsGetAJsonErrorAndChangeNothing() throws Exception {
    post("/v1/people/andrew/faces", jpeg("andrew.jpg"));
    String before = get("/v1/people").body();

    byte[] text = "name,age\nandrew,30\n".getBytes(StandardCharsets.UTF_8);
    assertError(post("/v1/people/andrew/faces", text), 400, "bad_request");
    assertError(post("/v1/recognize", new byte[0]), 400, "bad_request");
    assertError(
        send(
            request("/v1/recognize")
                .header("Content-Type", "text/plain")
                .POST(BodyPublishers.ofByteArray(text))),
        415,
        "unsupported_media_type");
    assertError(post("/v1/recognize", new byte[3_000_000]), 413, "too_large");
    // Refused before it is read, yet the client must still get the answer, every time: a server
    // that closed with the body unread made the client's system reset the connection, losing the
    // 413 about one time in five for a client that waits for "100 Continue" (as curl does).
    for (int i = 0; i < 20; i++) {
      assertError(
          send(
              request("/v1/recognize")
                  .expectContinue(true)
                  .header("Content-Type", "image/jpeg")
                  .POST(BodyPublishers.ofByteArray(new byte[3_000_000]))),
          413,
          "too_large");
    }
    assertError(
        send(multipart("/v1/recognize", List.of("big.jpg"), new byte[3_000_000])),
        413,
        "too_large");
    // a slash is part of a name when encoded, as the library allows it
    assertThat(post("/v1/people/a%2Fb/faces", jpeg("andrew.jpg")).statusCode()).isEqualTo(201);
    assertThat(json(get("/v1/people/a%2Fb")).get("name").getAsString()).isEqualTo("a/b");
    assertThat(delete("/v1/people/a%2Fb").statusCode()).isEqualTo(204);
    assertError(post("/v1/people/andrew/faces", png(blank())), 400, "no_face");
    assertError(post("/v1/verify", jpeg("andrew.jpg")), 400, "bad_request");
    assertError(post("/v1/verify?name=nobody", jpeg("andrew.jpg")), 404, "unknown_person");
    assertError(post("/v1/recognize?top=0", jpeg("andrew.jpg")), 400, "bad_request");
    assertError(post("/v1/recognize?threshold=abc", jpeg("andrew.jpg")), 400, "bad_request");
    assertError(get("/v1/nothing-here"), 404, "not_found");
    assertError(send(multipart("/v1/compare", List.of("andrew.jpg"))), 400, "bad_request");
    String quoteName = "/v1/people/" + java.net.URLEncoder.encode("a'; DROP TABLE x;--", "UTF-8");
    assertError(post(quoteName + "/faces", png(blank())), 400, "no_face");

    // refused by Jetty before the service sees them, in the same JSON shape
    assertError(get("/v1/people/" + "n".repeat(30_000)), 414, "uri_too_long");
    assertError(
        send(request("/healthz").header("X-Padding", "p".repeat(20_000)).GET()),
        431,
        "headers_too_large");

    assertThat(get("/v1/people").body()).isEqualTo(before);
    assertThat(json(get("/healthz")).get("status").getAsString()).isEqualTo("ok");
  }

  @Test
  void concurrentRequestsGetWhatOneRequestGets() throws Exception {
    post("/v1/people/tian/faces", jpeg("tian.jpg"));
    String alone = post("/v1/recognize", jpeg("shivi_test.jpg")).body();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        answers.add(pool.submit(() -> post("/v1/recognize", jpeg("shivi_test.jpg"))));
      }
      for (Future<HttpResponse<String>> a : answers) {
        assertThat(a.get().statusCode()).isEqualTo(200);
        assertThat(a.get().body()).isEqualTo(alone);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theGalleryStaysConsistentUnderConcurrentEnrolDeleteAndRecognise() throws Exception {
    List<String> kept = List.of("kian", "dan", "sebastiano", "bertrand");
    List<String> churned = List.of("arnaud", "benoit");
    java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> stored =
        new java.util.concurrent.ConcurrentHashMap<>();
    java.util.Set<Integer> statuses = java.util.concurrent.ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (String name : kept) {
        for (int i = 0; i < 3; i++) {
          work.add(
              pool.submit(
                  () -> {
                    HttpResponse<String> r =
                        post("/v1/people/" + name + "/faces", jpeg(name + ".jpg"));
                    statuses.add(r.statusCode());
                    if (r.statusCode() == 201) {
                      stored
                          .computeIfAbsent(
                              name, k -> new java.util.concurrent.atomic.AtomicInteger())
                          .incrementAndGet();
                    }
                    return null;
                  }));
        }
      }
      for (String name : churned) {
        for (int i = 0; i < 3; i++) {
          work.add(
              pool.submit(
                  () -> {
                    statuses.add(
                        post("/v1/people/" + name + "/faces", jpeg(name + ".jpg")).statusCode());
                    statuses.add(delete("/v1/people/" + name).statusCode());
                    return null;
                  }));
        }
      }
      for (int i = 0; i < 6; i++) {
        work.add(
            pool.submit(
                () -> {
                  statuses.add(post("/v1/recognize", jpeg("kian.jpg")).statusCode());
                  return null;
                }));
      }
      for (Future<?> f : work) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(statuses).as("answers given").isSubsetOf(200, 201, 204, 404);
    for (String name : kept) {
      assertThat(stored.get(name).get()).isEqualTo(3);
      assertThat(json(get("/v1/people/" + name)).get("encodings").getAsInt()).isEqualTo(3);
    }
    // what the server says is what the file holds
    List<String> listed = new ArrayList<>();
    JsonParser.parseString(get("/v1/people").body())
        .getAsJsonArray()
        .forEach(p -> listed.add(p.getAsJsonObject().get("name").getAsString()));
    assertThat(listed).isEqualTo(faces.people().stream().map(p -> p.name()).toList());
    assertThat(listed).containsAll(kept);
    for (String name : churned) {
      if (listed.contains(name)) {
        assertThat(delete("/v1/people/" + name).statusCode()).isEqualTo(204);
      }
    }
    JsonObject kian =
        json(post("/v1/recognize", jpeg("kian.jpg")))
            .getAsJsonArray("faces")
            .get(0)
            .getAsJsonObject();
    assertThat(kian.get("name").getAsString()).isEqualTo("kian");
    for (String name : churned) {
      JsonObject gone =
          json(post("/v1/recognize", jpeg(name + ".jpg")))
              .getAsJsonArray("faces")
              .get(0)
              .getAsJsonObject();
      assertThat(gone.get("nearest").getAsString())
          .as("deleted from the index too")
          .isNotEqualTo(name);
    }
  }

  @Test
  void everyRouteTakesTheRoleItNeedsAndChangesAreAuditedUnderTheirKey() throws Exception {
    byte[] picture = jpeg("kian.jpg");
    java.util.Map<String, String> access = server.access();
    assertThat(access)
        .containsEntry("GET /healthz", "open")
        .containsEntry("GET /metrics", "open")
        .containsEntry("POST /v1/recognize", "user")
        .containsEntry("GET /v1/people", "user")
        .containsEntry("POST /v1/people/{name}/faces", "admin")
        .containsEntry("DELETE /v1/people/{name}", "admin");
    for (var route : access.entrySet()) {
      String method = route.getKey().substring(0, route.getKey().indexOf(' '));
      String path = route.getKey().substring(method.length() + 1).replace("{name}", "kian");
      HttpResponse<String> none = call(method, path, picture, null);
      HttpResponse<String> asUser = call(method, path, picture, "Bearer " + user.text());
      switch (route.getValue()) {
        case "open" -> assertThat(none.statusCode()).as(route.getKey()).isEqualTo(200);
        case "user" -> {
          assertError(none, 401, "unauthorized");
          assertThat(none.headers().firstValue("WWW-Authenticate"))
              .hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
          assertThat(asUser.statusCode()).as(route.getKey()).isNotIn(401, 403);
        }
        case "admin" -> {
          assertError(none, 401, "unauthorized");
          assertError(asUser, 403, "forbidden");
          assertThat(json(asUser).get("message").getAsString())
              .contains("needs an admin key")
              .contains(user.key().id());
        }
        default -> throw new AssertionError(route);
      }
    }
    assertThat(faces.people()).as("no user key and no missing key changed anything").isEmpty();

    // the key in each accepted header, and in the wrong places
    HttpResponse<String> byHeader =
        send(request("/v1/people", null).header("X-API-Key", user.text()).GET());
    assertThat(byHeader.statusCode()).isEqualTo(200);
    assertThat(call("GET", "/v1/people", null, "bearer  " + user.text()).statusCode())
        .isEqualTo(200);
    assertError(call("GET", "/v1/people", null, user.text()), 401, "unauthorized");
    assertThat(json(call("GET", "/v1/people", null, user.text())).get("message").getAsString())
        .contains("must read 'Bearer KEY'");
    assertError(call("GET", "/v1/people", null, "Basic dXNlcjpwYXNz"), 401, "unauthorized");
    HttpResponse<String> inUrl = call("GET", "/v1/people?key=" + user.text(), null, null);
    assertError(inUrl, 401, "unauthorized");
    assertThat(json(inUrl).get("message").getAsString()).contains("not in the URL");
    String mistyped = user.text().substring(0, user.text().length() - 2) + "xx";
    assertError(call("GET", "/v1/people", null, "Bearer " + mistyped), 401, "unauthorized");
    assertError(call("GET", "/v1/people", null, "Bearer ' OR '1'='1"), 401, "unauthorized");

    // an admin key enrols and deletes, and the audit says which key did it, and when
    long before = System.currentTimeMillis();
    assertThat(post("/v1/people/kian/faces", picture).statusCode()).isEqualTo(201);
    assertThat(delete("/v1/people/kian").statusCode()).isEqualTo(204);
    List<AuditEntry> audit = faces.keys().audit(2);
    assertThat(audit).extracting(AuditEntry::action).containsExactly("remove", "enroll");
    assertThat(audit)
        .allSatisfy(
            e -> {
              assertThat(e.actor()).isEqualTo("key " + admin.key().id() + " (test admin)");
              // the removed person's name leaves the audit; the id they had stays
              assertThat(e.person()).matches("removed person #\\d+");
              assertThat(e.encodings()).isEqualTo(1);
              assertThat(e.at().toEpochMilli()).isGreaterThanOrEqualTo(before);
            });

    // a key revoked (as by `facenet keys revoke` in another process) stops at once
    AccessKeys.NewKey temporary = faces.keys().create(KeyRole.ADMIN, "temporary");
    assertThat(call("GET", "/v1/people", null, "Bearer " + temporary.text()).statusCode())
        .isEqualTo(200);
    try (FaceNet other = FaceNet.builder().existingGallery(dir.resolve("people.db")).build()) {
      other.keys().revoke(temporary.key().id());
    }
    assertError(call("GET", "/v1/people", null, "Bearer " + temporary.text()), 401, "unauthorized");
  }

  // ---- helpers ----

  /** A request with this Authorization header (none when null) and, for POST, this picture. */
  private static HttpResponse<String> call(
      String method, String path, byte[] picture, String authorization) throws Exception {
    HttpRequest.Builder r = request(path, authorization);
    return send(
        switch (method) {
          case "GET" -> r.GET();
          case "DELETE" -> r.DELETE();
          default ->
              r.header("Content-Type", "image/jpeg").POST(BodyPublishers.ofByteArray(picture));
        });
  }

  private static void assertError(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    JsonObject body = json(r);
    assertThat(body.get("error").getAsString()).as(r.body()).isEqualTo(code);
    assertThat(body.get("message").getAsString()).isNotBlank().doesNotContain("\n");
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  private static JsonObject json(HttpResponse<String> r) {
    JsonElement e = JsonParser.parseString(r.body());
    return e.getAsJsonObject();
  }

  private static byte[] jpeg(String seed) throws IOException {
    return Files.readAllBytes(SEED.resolve(seed));
  }

  private static BufferedImage blank() {
    return new BufferedImage(120, 90, BufferedImage.TYPE_INT_RGB);
  }

  private static byte[] png(BufferedImage img) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  /** A request with the admin key, as most tests want. */
  private static HttpRequest.Builder request(String path) {
    return request(path, "Bearer " + admin.text());
  }

  private static HttpRequest.Builder request(String path, String authorization) {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(server.url() + path));
    return authorization == null ? r : r.header("Authorization", authorization);
  }

  private static HttpResponse<String> send(HttpRequest.Builder r)
      throws IOException, InterruptedException {
    return HTTP.send(r.build(), BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return send(request(path).GET());
  }

  private static HttpResponse<String> delete(String path) throws Exception {
    return send(request(path).DELETE());
  }

  private static HttpResponse<String> post(String path, byte[] body) throws Exception {
    return send(
        request(path).header("Content-Type", "image/jpeg").POST(BodyPublishers.ofByteArray(body)));
  }

  /** A multipart form with one field {@code image} per seed picture. */
  private static HttpRequest.Builder multipart(String path, List<String> seeds) throws IOException {
    return multipart(path, seeds, null);
  }

  /** The same, each field holding {@code content} instead of the picture when it is given. */
  private static HttpRequest.Builder multipart(String path, List<String> seeds, byte[] content)
      throws IOException {
    return multipart(path, seeds, content, null);
  }

  /** The same, the last field holding {@code last} when it is given. */
  private static HttpRequest.Builder multipart(
      String path, List<String> seeds, byte[] content, byte[] last) throws IOException {
    String boundary = "facenet-test-boundary";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (String seed : seeds) {
      body.write(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\""
                  + seed
                  + "\"\r\nContent-Type: image/jpeg\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      boolean isLast = seed.equals(seeds.get(seeds.size() - 1));
      body.write(last != null && isLast ? last : content != null ? content : jpeg(seed));
      body.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return request(path)
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(BodyPublishers.ofByteArray(body.toByteArray()));
  }
}
