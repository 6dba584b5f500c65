package dev.facenet.bench;

import dev.facenet.FaceNet;
import dev.facenet.Picture;
import dev.facenet.common.KeyRole;
import dev.facenet.server.FaceServer;
import dev.facenet.server.ServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service under load, beside the library doing the same work in the same run: {@code clients}
 * threads recognise one of the seed's pictures over and over, first by calling one shared FaceNet,
 * then as HTTP clients of the server on a loopback port (after a warm-up). It reports requests per
 * second, p50 / p99 latency, errors, and the process's resident memory after the warm-up and at the
 * end (server and clients share the process).
 *
 * <pre>
 * java -cp 'facenet-cli/target/lib/*' dev.facenet.bench.ServerLoadBenchmark [--seconds 60] [--clients 8] [--warmup 10]
 * </pre>
 *
 * scripts/bench-server.sh runs it.
 */
public final class ServerLoadBenchmark {
  private static final Path SEED = Path.of("../shared/fixtures/seed-images");

  private ServerLoadBenchmark() {}

  public static void main(String[] args) throws Exception {
    double seconds = 60;
    double warmup = 10;
    int clients = 8;
    Path seed = SEED;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seconds" -> seconds = Double.parseDouble(args[++i]);
        case "--warmup" -> warmup = Double.parseDouble(args[++i]);
        case "--clients" -> clients = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path gallery = Files.createTempDirectory("facenet-load").resolve("people.db");
    byte[] probe = Files.readAllBytes(seed.resolve("shivi_test.jpg"));
    try (FaceNet faces = FaceNet.builder().gallery(gallery).build()) {
      for (String person : List.of("shivi", "kevin", "andrew", "tian", "younes", "felix")) {
        faces.enroll(person, seed.resolve(person + ".jpg"));
      }
      System.out.printf(
          Locale.ROOT,
          "%d clients, %.0f s each phase, on %d cores; picture %s (%d bytes)%n",
          clients,
          seconds,
          Runtime.getRuntime().availableProcessors(),
          seed.resolve("shivi_test.jpg"),
          probe.length);

      Phase library =
          run(clients, warmup, seconds, () -> faces.recognizeAll(Picture.of(probe, "p"), 0.6, 1));
      System.out.println(library.row("library, " + clients + " threads"));

      try (FaceServer server = FaceServer.start(faces, ServerOptions.defaults(0))) {
        HttpClient http = HttpClient.newHttpClient();
        // every request's key is checked against the gallery, as in service
        String key = faces.keys().create(KeyRole.USER, "load test").text();
        HttpRequest request =
            HttpRequest.newBuilder(URI.create(server.url() + "/v1/recognize"))
                .header("Content-Type", "image/jpeg")
                .header("Authorization", "Bearer " + key)
                .POST(BodyPublishers.ofByteArray(probe))
                .build();
        Phase service =
            run(
                clients,
                warmup,
                seconds,
                () -> {
                  var r = http.send(request, BodyHandlers.ofString());
                  if (r.statusCode() != 200 || !r.body().contains("\"name\":\"shivi\"")) {
                    throw new IllegalStateException(r.statusCode() + " " + r.body());
                  }
                  return r;
                });
        System.out.println(service.row("service, " + clients + " clients"));
        System.out.printf(
            Locale.ROOT,
            "service / library throughput: %.2f; memory end / after warm-up: %.3f%n",
            service.perSecond() / library.perSecond(),
            (double) service.rssEndKb / service.rssWarmKb);
      }
    }
  }

  /** Something one client does once, failing when the answer is wrong. */
  private interface Call {
    Object call() throws Exception;
  }

  private record Phase(
      long requests,
      long errors,
      double seconds,
      long[] latenciesNs,
      long rssWarmKb,
      long rssEndKb) {
    double perSecond() {
      return requests / seconds;
    }

    String row(String what) {
      long[] sorted = latenciesNs.clone();
      Arrays.sort(sorted);
      return String.format(
          Locale.ROOT,
          "%-22s %7.1f req/s  p50 %6.1f ms  p99 %6.1f ms  errors %d  RSS after warm-up %d MiB,"
              + " at end %d MiB",
          what,
          perSecond(),
          percentile(sorted, 0.50) / 1e6,
          percentile(sorted, 0.99) / 1e6,
          errors,
          rssWarmKb / 1024,
          rssEndKb / 1024);
    }

    private static double percentile(long[] sorted, double q) {
      return sorted.length == 0
          ? Double.NaN
          : sorted[(int) Math.min(sorted.length - 1, q * sorted.length)];
    }
  }

  /** {@code clients} threads calling for the warm-up, then measured for {@code seconds}. */
  private static Phase run(int clients, double warmup, double seconds, Call call)
      throws InterruptedException {
    loop(clients, warmup, call, null, new AtomicLong());
    System.gc();
    long rssWarm = ProcStatus.rssKb();
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    AtomicLong errors = new AtomicLong();
    long start = System.nanoTime();
    loop(clients, seconds, call, latencies, errors);
    double took = (System.nanoTime() - start) / 1e9;
    long rssEnd = ProcStatus.rssKb();
    long[] ns = latencies.stream().mapToLong(Long::longValue).toArray();
    return new Phase(ns.length, errors.get(), took, ns, rssWarm, rssEnd);
  }

  private static void loop(
      int clients,
      double seconds,
      Call call,
      ConcurrentLinkedQueue<Long> latencies,
      AtomicLong errors)
      throws InterruptedException {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      Thread t =
          new Thread(
              () -> {
                while (System.nanoTime() < end) {
                  long t0 = System.nanoTime();
                  try {
                    call.call();
                    if (latencies != null) {
                      latencies.add(System.nanoTime() - t0);
                    }
                  } catch (Exception e) {
                    if (errors.incrementAndGet() == 1) {
                      System.err.println("first error: " + e);
                    }
                  }
                }
              });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
  }
}
