package dev.facenet.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.facenet.FaceNet;
import dev.facenet.common.KeyRole;
import dev.facenet.server.FaceServer;
import dev.facenet.server.ServerOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One process of the corpus run ({@link BadInputCorpusTest} starts a few): reads a plan of rows,
 * one JSON object a line, and runs each in this JVM, one after the other: a {@code facenet} command
 * line through {@link Main#run} (so the networks' native libraries load once per process, not once
 * per row), or an HTTP request to a {@link FaceServer} it started. Before each row it resets the
 * process's peak resident memory (writing 5 to /proc/self/clear_refs), after it reads the peak
 * (VmHWM, PyTorch's native memory included), so every row gets its own peak, counted from what the
 * process already held. Anything the row prints elsewhere (a logger, a stray stack trace) is caught
 * with its output. Results go to the output file, one JSON object a line, written as they come.
 */
public final class CorpusChild {
  private CorpusChild() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
    Path plan = Path.of(args[0]);
    Path results = Path.of(args[1]);
    PrintStream realOut = System.out;
    PrintStream realErr = System.err;
    Server server = null;
    try (Writer sink = Files.newBufferedWriter(results, StandardCharsets.UTF_8)) {
      for (String line : Files.readAllLines(plan, StandardCharsets.UTF_8)) {
        JsonObject row = JsonParser.parseString(line).getAsJsonObject();
        if (row.has("serve")) {
          if (server != null) {
            server.close();
          }
          server = new Server(Path.of(row.get("serve").getAsString()));
          continue;
        }
        ByteArrayOutputStream stray = new ByteArrayOutputStream();
        PrintStream catcher = new PrintStream(stray, true, StandardCharsets.UTF_8);
        System.setOut(catcher);
        System.setErr(catcher);
        JsonObject result = new JsonObject();
        result.addProperty("row", row.get("row").getAsInt());
        result.addProperty("startKb", settle());
        resetPeak();
        long started = System.nanoTime();
        try {
          if (row.has("cli")) {
            runCli(row.getAsJsonArray("cli"), result);
          } else {
            server.send(row.getAsJsonObject("http"), result);
          }
        } catch (Throwable t) { // the runner's own failure: reported as the row's, with its trace
          StringWriter trace = new StringWriter();
          t.printStackTrace(new PrintWriter(trace));
          result.addProperty("code", -1);
          result.addProperty("out", "");
          result.addProperty("err", "corpus runner: " + trace);
        } finally {
          System.setOut(realOut);
          System.setErr(realErr);
        }
        result.addProperty("millis", (System.nanoTime() - started) / 1_000_000);
        result.addProperty("peakKb", peakKb());
        result.addProperty("stray", stray.toString(StandardCharsets.UTF_8));
        sink.write(result.toString());
        sink.write('\n');
        sink.flush();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
    realOut.printf(
        "cpu seconds: %.1f%n",
        ((com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime()
            / 1e9);
    realOut.flush();
    System.exit(0);
  }

  private static void runCli(JsonArray argv, JsonObject result) {
    String[] args = new String[argv.size()];
    for (int i = 0; i < args.length; i++) {
      args[i] = argv.get(i).getAsString();
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    result.addProperty("code", code);
    result.addProperty("out", out.toString());
    result.addProperty("err", err.toString());
  }

  /**
   * Gives back what earlier rows left behind when the process holds more than {@link #SETTLED_KB}
   * (the Java heap's garbage, and memory that C's allocator keeps for reuse after PyTorch freed
   * it), so that a row's peak says what the row needed, not what the rows before it held. Returns
   * the resident memory the row starts from.
   */
  private static long settle() throws IOException {
    if (residentKb() > SETTLED_KB) {
      System.gc();
      try {
        C.LIBRARY.malloc_trim(0);
      } catch (LinkageError notGlibc) {
        // another C library: its memory stays counted
      }
    }
    return residentKb();
  }

  /** Above this resident size (KiB) the process gives back memory before the next row. */
  private static final long SETTLED_KB = 850 * 1024;

  /** glibc's malloc_trim, through JNA (on the class path with DJL). */
  private interface C extends com.sun.jna.Library {
    C LIBRARY = com.sun.jna.Native.load("c", C.class);

    int malloc_trim(long pad);
  }

  private static long residentKb() throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (l.startsWith("VmRSS:")) {
        return Long.parseLong(l.replaceAll("\\D", ""));
      }
    }
    return -1;
  }

  private static void resetPeak() throws IOException {
    Files.writeString(Path.of("/proc/self/clear_refs"), "5");
  }

  private static long peakKb() throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (l.startsWith("VmHWM:")) {
        return Long.parseLong(l.replaceAll("\\D", ""));
      }
    }
    return -1;
  }

  /**
   * The service on a gallery, with an admin key, and a client that sends it the plan's requests.
   */
  private static final class Server implements AutoCloseable {
    private final FaceNet faces;
    private final FaceServer server;
    private final String key;
    private final HttpClient http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    Server(Path gallery) {
      faces = FaceNet.builder().gallery(gallery).build();
      server = FaceServer.start(faces, ServerOptions.defaults(0));
      key = faces.keys().create(KeyRole.ADMIN, "corpus").text();
    }

    void send(JsonObject spec, JsonObject result) throws Exception {
      String method = spec.get("method").getAsString();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(server.url() + spec.get("path").getAsString()))
              .timeout(Duration.ofMinutes(3))
              .header("Authorization", "Bearer " + key);
      if (spec.has("form")) {
        String boundary = "corpus-boundary-7d3f";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (JsonElement f : spec.getAsJsonArray("form")) {
          Path file = Path.of(f.getAsString());
          body.writeBytes(
              ("--"
                      + boundary
                      + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"picture\"\r\n"
                      + "Content-Type: application/octet-stream\r\n\r\n")
                  .getBytes(StandardCharsets.UTF_8));
          body.writeBytes(Files.readAllBytes(file));
          body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        request
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
      } else if (spec.has("body")) {
        request
            .header("Content-Type", spec.get("type").getAsString())
            .method(
                method,
                HttpRequest.BodyPublishers.ofByteArray(
                    Files.readAllBytes(Path.of(spec.get("body").getAsString()))));
      } else {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      result.addProperty("code", response.statusCode());
      result.addProperty("out", response.body());
      result.addProperty("err", "");
    }

    @Override
    public void close() {
      server.close();
      faces.close();
    }
  }
}
