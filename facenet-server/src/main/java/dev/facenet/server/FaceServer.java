package dev.facenet.server;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonSerializer;
import dev.facenet.Comparison;
import dev.facenet.FaceNet;
import dev.facenet.Picture;
import dev.facenet.Verification;
import dev.facenet.common.Actor;
import dev.facenet.common.ApiKey;
import dev.facenet.common.Box;
import dev.facenet.common.Face;
import dev.facenet.common.FaceNetException;
import dev.facenet.common.FaceQuality;
import dev.facenet.common.GalleryDamagedException;
import dev.facenet.common.KeyRole;
import dev.facenet.common.Neighbour;
import dev.facenet.common.NoFaceException;
import dev.facenet.common.Person;
import dev.facenet.common.Point;
import dev.facenet.common.PoorFaceException;
import dev.facenet.common.PoorFaces;
import dev.facenet.common.UnknownNameException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The face recognition service: enrol, list and delete people, verify, recognize, compare, detect
 * and embed over HTTP, with JSON in and out and pictures as the request body ({@code Content-Type:
 * image/...}) or a multipart field {@code image}. Every route is a thin shell over one shared
 * {@link FaceNet}, whose queues batch the faces of concurrent requests. Errors are JSON {@code
 * {"error": code, "message": line}} with their status, never a stack trace.
 *
 * <p>The API's routes need a key of the gallery ({@link dev.facenet.AccessKeys}) in {@code
 * Authorization: Bearer KEY} or {@code X-API-Key: KEY}: a user key may ask, an admin key may also
 * enrol and delete, and every enrolment and deletion is audited under the key that made it. The key
 * is checked before the request's body is read, and against the gallery on every request, so a key
 * revoked by another process stops working at once. Health, metrics, the API description and the
 * pages are open.
 *
 * <p>Thread-safe: requests run on Jetty's threads; {@link #close()} stops the server (the FaceNet
 * stays the caller's to close).
 */
public final class FaceServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FaceServer.class);
  private static final String UPLOAD = "the uploaded picture";

  private final FaceNet faces;
  private final ServerOptions options;
  private final Turns turns;
  private final Bodies bodies;
  private final Uploads uploads;
  private final ServerMetrics metrics;
  private final Gson gson =
      new GsonBuilder()
          .serializeNulls()
          .disableHtmlEscaping()
          // a face's quality as its summary: score, verdict and problems, then the measurements
          .registerTypeAdapter(
              FaceQuality.class,
              (JsonSerializer<FaceQuality>) (q, type, context) -> context.serialize(q.summary()))
          .create();
  private final List<Route> table;
  private final Javalin app;

  private FaceServer(FaceNet faces, ServerOptions options) {
    this.faces = faces;
    this.options = options;
    this.turns = new Turns(options.maxConcurrent(), options.maxWaiting());
    this.bodies = new Bodies(options.bodyBudgetBytes(), options.maxBodyBytes());
    this.uploads = new Uploads(options.maxBodyBytes(), options.minUploadBytesPerSecond());
    this.metrics = new ServerMetrics(turns, bodies);
    this.table = routeTable();
    this.app = Javalin.create(this::configure);
  }

  /** Starts the service on {@code options}' host and port; returns once it listens. */
  public static FaceServer start(FaceNet faces, ServerOptions options) {
    FaceServer server = new FaceServer(faces, options);
    try {
      server.app.start(options.host(), options.port());
    } catch (RuntimeException e) {
      server.app.stop();
      throw new FaceNetException(
          "cannot listen on " + options.host() + ":" + options.port() + ": " + line(e), e);
    }
    return server;
  }

  /** The port it listens on (the one chosen when 0 was asked). */
  public int port() {
    return app.port();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
  public String url() {
    String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
    return "http://" + host + ":" + port();
  }

  /** The routes it answers, as "METHOD /path": what its API description (openapi.json) lists. */
  public List<String> routes() {
    return table.stream().map(r -> r.method() + " " + r.path()).toList();
  }

  @Override
  public void close() {
    app.stop();
  }

  /**
   * One route: the only list of them, so the server and its description cannot drift apart.
   *
   * @param need the role of key it takes; null for an open route
   */
  private record Route(String method, String path, KeyRole need, Handler handler) {}

  /** What each route needs, "METHOD /path" to {@code open}, {@code user} or {@code admin}. */
  Map<String, String> access() {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    table.forEach(
        r -> out.put(r.method() + " " + r.path(), r.need() == null ? "open" : r.need().label()));
    return out;
  }

  private List<Route> routeTable() {
    KeyRole user = KeyRole.USER;
    KeyRole admin = KeyRole.ADMIN;
    return List.of(
        new Route("GET", "/healthz", null, ctx -> ctx.json(Map.of("status", "ok"))),
        new Route(
            "GET",
            "/openapi.json",
            null,
            ctx -> ctx.contentType("application/json").result(OPENAPI)),
        new Route("GET", "/", null, ctx -> ctx.html(PAGE)),
        new Route("GET", "/docs", null, ctx -> ctx.html(DOCS_PAGE)),
        new Route(
            "GET",
            "/metrics",
            null,
            ctx ->
                ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape())),
        new Route("GET", "/v1/people", user, ctx -> ctx.json(faces.people())),
        new Route(
            "GET", "/v1/people/{name}", user, ctx -> ctx.json(faces.person(ctx.pathParam("name")))),
        new Route("DELETE", "/v1/people/{name}", admin, this::remove),
        new Route("POST", "/v1/people/{name}/faces", admin, this::enroll),
        new Route("POST", "/v1/verify", user, this::verify),
        new Route("POST", "/v1/recognize", user, this::recognize),
        new Route("POST", "/v1/compare", user, this::compare),
        new Route("POST", "/v1/detect", user, this::detect),
        new Route("POST", "/v1/embed", user, this::embed));
  }

  /** The API description, kept in the repository beside this class. */
  static final String OPENAPI = resource("openapi.json");

  /** The service's own page: one file, so it needs no build step and fetches nothing elsewhere. */
  private static final String PAGE = resource("page.html");

  /** Swagger UI from its webjar, pointed at the description. */
  private static final String DOCS_PAGE =
      resource("docs.html").replace("{{swagger-ui}}", webjarVersion("swagger-ui"));

  private static String resource(String name) {
    try (InputStream in = FaceServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the server's jar");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The version of a webjar on the class path, from the Maven properties it carries. */
  private static String webjarVersion(String artifact) {
    String at = "/META-INF/maven/org.webjars/" + artifact + "/pom.properties";
    try (InputStream in = FaceServer.class.getResourceAsStream(at)) {
      if (in == null) {
        throw new IllegalStateException("the " + artifact + " webjar is not on the class path");
      }
      java.util.Properties p = new java.util.Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void configure(JavalinConfig config) {
    config.startup.showJavalinBanner = false;
    config.http.maxRequestSize = options.maxBodyBytes();
    config.jetty.modifyHttpConfiguration(
        http -> {
          http.setIdleTimeout(options.idleTimeoutMs());
          // no setMinRequestDataRate: Uploads measures the sender's rate (see there why)
        });
    config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
    config.jetty.modifyServer(
        server ->
            server.addEventListener(
                new org.eclipse.jetty.util.component.LifeCycle.Listener() {
                  @Override
                  public void lifeCycleStarting(org.eclipse.jetty.util.component.LifeCycle e) {
                    for (var c : server.getConnectors()) {
                      if (c instanceof org.eclipse.jetty.server.AbstractConnector a) {
                        a.setIdleTimeout(options.idleTimeoutMs());
                      }
                    }
                  }
                }));
    config.jsonMapper(new GsonMapper(gson));

    config.staticFiles.enableWebjars();
    config.routes.before(ctx -> ctx.attribute(STARTED, System.nanoTime()));
    config.routes.after(
        ctx -> {
          Long started = ctx.attribute(STARTED);
          if (started != null) {
            metrics.request(
                ctx.method().name(), route(ctx), ctx.statusCode(), System.nanoTime() - started);
          }
        });
    for (Route r : table) {
      Handler h = r.need() == null ? r.handler() : guarded(r.need(), r.handler());
      switch (r.method()) {
        case "GET" -> config.routes.get(r.path(), h);
        case "POST" -> config.routes.post(r.path(), h);
        case "DELETE" -> config.routes.delete(r.path(), h);
        default -> throw new IllegalStateException("no method " + r.method());
      }
    }

    config.routes.exception(ApiError.class, (e, ctx) -> answer(ctx, e));
    config.routes.exception(
        UnknownNameException.class,
        (e, ctx) -> answer(ctx, ApiError.notFound("unknown_person", e.getMessage())));
    config.routes.exception(
        NoFaceException.class, (e, ctx) -> answer(ctx, new ApiError(400, "no_face", line(e))));
    config.routes.exception(
        PoorFaceException.class,
        (e, ctx) -> answer(ctx, new ApiError(422, "poor_face", line(e) + " (?force=true)")));
    config.routes.exception(
        GalleryDamagedException.class,
        (e, ctx) -> {
          // the store's fault, not the request's: a server error, said as it is
          LOG.error("{} {}: {}", ctx.method(), ctx.path(), e.getMessage());
          answer(ctx, new ApiError(500, "gallery_damaged", line(e)));
        });
    config.routes.exception(
        FaceNetException.class, (e, ctx) -> answer(ctx, ApiError.badRequest(line(e))));
    config.routes.exception(
        HttpResponseException.class,
        (e, ctx) -> answer(ctx, new ApiError(e.getStatus(), codeOf(e.getStatus()), line(e))));
    config.routes.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
          answer(ctx, new ApiError(500, "internal", "internal error; the server log has details"));
        });
    for (int status : new int[] {404, 405, 413}) {
      config.routes.error(
          status,
          "*",
          ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
              answer(ctx, new ApiError(status, codeOf(status), defaultMessage(ctx, status)));
            }
          });
    }
  }

  private static final String STARTED = "facenet.started";

  /** The route's template ({@code /v1/people/{name}}), so that names do not become labels. */
  private static String route(Context ctx) {
    var matched = ctx.endpoints().matchedHttpEndpoint();
    return matched == null ? "unmatched" : matched.path;
  }

  private static String defaultMessage(Context ctx, int status) {
    return switch (status) {
      case 404 -> "no such route: " + ctx.method() + " " + ctx.path();
      case 405 -> ctx.method() + " is not allowed on " + ctx.path();
      default -> "the request body is over the limit";
    };
  }

  private static String codeOf(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 408 -> "request_timeout";
      case 413 -> "too_large";
      case 415 -> "unsupported_media_type";
      case 503 -> "busy";
      default -> status >= 500 ? "internal" : "bad_request";
    };
  }

  private void answer(Context ctx, ApiError e) {
    ctx.status(e.status);
    if (e.status == 503) {
      ctx.header("Retry-After", "1");
    }
    if (e.status == 401) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"facenet\"");
    }
    ctx.json(e.body());
  }

  private static String line(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.replace('\r', ' ').replace('\n', ' ');
  }

  // ---- keys ----

  private static final String KEY = "facenet.key";

  /** The route's handler, run only for a valid key of at least {@code need}'s role. */
  private Handler guarded(KeyRole need, Handler handler) {
    return ctx -> {
      ApiKey key =
          faces
              .keys()
              .check(presentedKey(ctx))
              .orElseThrow(
                  () ->
                      unauthorized(
                          "the API key is not valid: unknown, revoked or mistyped"
                              + " (keys look like fnk_ID_SECRET)"));
      if (!key.role().allows(need)) {
        throw new ApiError(
            403,
            "forbidden",
            ctx.method()
                + " "
                + route(ctx)
                + " needs an "
                + need.label()
                + " key; key "
                + key.id()
                + " is a "
                + key.role().label()
                + " key");
      }
      ctx.attribute(KEY, key);
      handler.handle(ctx);
    };
  }

  /**
   * The key a request carries: {@code Authorization: Bearer KEY}, else {@code X-API-Key: KEY}. A
   * key elsewhere (another scheme, the URL, where logs would keep it) is refused with where it
   * belongs.
   */
  private static String presentedKey(Context ctx) {
    String authorization = ctx.header("Authorization");
    if (authorization != null) {
      String a = authorization.strip();
      if (a.length() > 7 && a.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return a.substring(7).strip();
      }
      throw unauthorized("the Authorization header must read 'Bearer KEY'" + HOW);
    }
    String header = ctx.header("X-API-Key");
    if (header != null && !header.isBlank()) {
      return header.strip();
    }
    for (String p : new String[] {"key", "api_key", "apikey", "token"}) {
      if (ctx.queryParam(p) != null) {
        throw unauthorized("send the API key in a header, not in the URL" + HOW);
      }
    }
    throw unauthorized("this route needs an API key" + HOW);
  }

  private static final String HOW = " (Authorization: Bearer KEY, or X-API-Key: KEY)";

  private static ApiError unauthorized(String message) {
    return new ApiError(401, "unauthorized", message);
  }

  /** Who a changing request is made by, for the gallery's audit. */
  private static Actor actor(Context ctx) {
    ApiKey key = ctx.attribute(KEY);
    return key.actor();
  }

  // ---- routes ----

  private void remove(Context ctx) {
    faces.remove(actor(ctx), ctx.pathParam("name"));
    ctx.status(204);
  }

  private void enroll(Context ctx) {
    String name = ctx.pathParam("name");
    PoorFaces poor = "true".equals(ctx.queryParam("force")) ? PoorFaces.ACCEPT : PoorFaces.REFUSE;
    withPicture(ctx, picture -> faces.enroll(actor(ctx), name, poor, picture));
    metrics.faces(route(ctx), 1);
    Person now = faces.person(name);
    ctx.status(201).json(new Enrolled(now.name(), now.encodings()));
  }

  private void verify(Context ctx) {
    String name = ctx.queryParam("name");
    if (name == null || name.isBlank()) {
      throw ApiError.badRequest("say who to verify against: /v1/verify?name=NAME");
    }
    double threshold = threshold(ctx);
    Verification v = withPicture(ctx, picture -> faces.verify(picture, name, threshold));
    metrics.faces(route(ctx), 1);
    ctx.json(new Verified(v.name(), v.distance(), v.match(), v.threshold(), v.quality(), v.poor()));
  }

  private void recognize(Context ctx) {
    int top = intParam(ctx, "top", 1, 1, 100);
    double threshold = threshold(ctx);
    answerFaces(
        ctx,
        picture -> faces.recognizeAll(picture, threshold, top),
        f ->
            new Recognised(
                box(f.face().box()),
                score(f.face()),
                f.face().quality(),
                f.match().name(),
                f.match().nearest(),
                f.match().distance(),
                f.match().margin(),
                f.match().ambiguous(),
                top > 1 || f.match().ambiguous() ? f.match().candidates() : null));
  }

  private void compare(Context ctx) {
    if (!ctx.isMultipartFormData()) {
      throw new ApiError(
          415,
          "unsupported_media_type",
          "send the two pictures as a multipart form with two fields named 'image'");
    }
    double threshold = threshold(ctx);
    Comparison c =
        bodies.hold(
            ctx.contentLength(),
            () -> {
              List<byte[]> files = formPictures(ctx);
              if (files.size() != 2) {
                throw ApiError.badRequest(
                    "compare takes two pictures in fields named 'image', got " + files.size());
              }
              Picture first = Picture.of(files.get(0), "the first uploaded picture");
              Picture second = Picture.of(files.get(1), "the second uploaded picture");
              return turns.run(() -> faces.compare(first, second, threshold));
            });
    metrics.faces(route(ctx), 2);
    ctx.json(
        new Compared(
            c.distance(), c.match(), c.threshold(), c.firstQuality(), c.secondQuality(), c.poor()));
  }

  private void detect(Context ctx) {
    answerFaces(
        ctx,
        faces::locate,
        f ->
            new Detected(
                box(f.box()),
                score(f),
                f.landmarks() == null ? null : points(f.landmarks().points()),
                f.foundBy(),
                f.quality()));
  }

  private void embed(Context ctx) {
    answerFaces(
        ctx,
        faces::faces,
        f ->
            new Embedded(
                box(f.box()),
                score(f),
                f.quality(),
                f.embedding().model(),
                f.embedding().crop(),
                f.embedding().values()));
  }

  /** The request's picture through {@code work} in a turn, each face answered as {@code shape}. */
  private <F> void answerFaces(
      Context ctx, Function<Picture, List<F>> work, Function<F, Object> shape) {
    List<F> found = withPicture(ctx, work);
    metrics.faces(route(ctx), found.size());
    checkFaces(found.size());
    ctx.json(new Faces<>(found.stream().map(shape).toList()));
  }

  // ---- request parts ----

  /**
   * Reads the request's picture, then runs {@code work} on it in a turn. The body is read before
   * the turn, so a client that sends slowly holds no turn of the pictures' work, only its share of
   * the body budget (and Jetty cuts it off when it idles or trickles).
   */
  private <T> T withPicture(Context ctx, Function<Picture, T> work) {
    return bodies.hold(
        ctx.contentLength(),
        () -> {
          Picture picture = picture(ctx);
          return turns.run(() -> work.apply(picture));
        });
  }

  /** The picture of a request: its body, or the multipart field {@code image}. */
  private Picture picture(Context ctx) {
    if (ctx.isMultipartFormData()) {
      List<byte[]> files = formPictures(ctx);
      if (files.size() != 1) {
        throw ApiError.badRequest(
            "send one picture in a form field named 'image', got " + files.size());
      }
      return Picture.of(files.get(0), UPLOAD);
    }
    String type = Optional.ofNullable(ctx.contentType()).orElse("");
    if (!type.startsWith("image/") && !type.startsWith("application/octet-stream")) {
      throw new ApiError(
          415,
          "unsupported_media_type",
          "send the picture as the body with Content-Type image/..., or as a multipart form"
              + " field 'image'"
              + (type.isEmpty() ? "" : " (got " + type + ")"));
    }
    return Picture.of(body(ctx), UPLOAD);
  }

  /**
   * The request's body. An upload that stops, idles past the timeout or trickles under the slowest
   * rate is the client's failure, answered 408 (or 400) and not logged as the server's.
   */
  private byte[] body(Context ctx) {
    try {
      return uploads.read(ctx.req().getInputStream(), ctx.contentLength());
    } catch (IOException e) {
      throw ApiError.badRequest("the request cannot be read: " + rootMessage(e));
    }
  }

  /** The files of the request's multipart form in the fields named {@code image}. */
  private List<byte[]> formPictures(Context ctx) {
    return uploads.formFields(body(ctx), ctx.contentType(), "image");
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return line(root);
  }

  private double threshold(Context ctx) {
    String t = ctx.queryParam("threshold");
    if (t == null) {
      return faces.threshold();
    }
    try {
      double v = Double.parseDouble(t);
      if (!(v > 0) || Double.isInfinite(v)) {
        throw ApiError.badRequest("threshold must be a positive number, got " + t);
      }
      return v;
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("threshold must be a number, got '" + t + "'");
    }
  }

  private static int intParam(Context ctx, String name, int fallback, int min, int max) {
    String raw = ctx.queryParam(name);
    if (raw == null) {
      return fallback;
    }
    try {
      int v = Integer.parseInt(raw);
      if (v < min || v > max) {
        throw ApiError.badRequest(name + " must be " + min + ".." + max + ", got " + raw);
      }
      return v;
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(name + " must be a whole number, got '" + raw + "'");
    }
  }

  private void checkFaces(int count) {
    if (count > options.maxFaces()) {
      throw new ApiError(
          400,
          "too_many_faces",
          "the picture has " + count + " faces, over the limit of " + options.maxFaces());
    }
  }

  /** [x, y, width, height] in the picture's pixels, to a hundredth of a pixel. */
  private static double[] box(Box b) {
    return new double[] {cents(b.x()), cents(b.y()), cents(b.width()), cents(b.height())};
  }

  private static double cents(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** The detector's score; none in whole-image mode, where no detector ran. */
  private static Double score(Face f) {
    return Double.isNaN(f.score()) ? null : f.score();
  }

  private static double[][] points(List<Point> points) {
    return points.stream()
        .map(p -> new double[] {cents(p.x()), cents(p.y())})
        .toArray(double[][]::new);
  }

  // ---- answers ----

  record Enrolled(String name, int encodings) {}

  record Faces<T>(List<T> faces) {}

  record Verified(
      String name,
      double distance,
      boolean match,
      double threshold,
      FaceQuality quality,
      boolean poor) {}

  record Compared(
      double distance,
      boolean match,
      double threshold,
      FaceQuality firstQuality,
      FaceQuality secondQuality,
      boolean poor) {}

  record Recognised(
      double[] box,
      Double score,
      FaceQuality quality,
      String name,
      String nearest,
      double distance,
      Double margin,
      boolean ambiguous,
      List<Neighbour> candidates) {}

  record Detected(
      double[] box, Double score, double[][] landmarks, String foundBy, FaceQuality quality) {}

  record Embedded(
      double[] box,
      Double score,
      FaceQuality quality,
      String model,
      String crop,
      float[] embedding) {}

  /** Javalin's JSON through the Gson the project uses everywhere. */
  private record GsonMapper(Gson gson) implements JsonMapper {
    @Override
    public String toJsonString(Object obj, Type type) {
      return gson.toJson(obj, type);
    }

    @Override
    public <T> T fromJsonString(String json, Type target) {
      return gson.fromJson(json, target);
    }
  }
}
