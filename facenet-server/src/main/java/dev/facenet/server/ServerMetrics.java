package dev.facenet.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;

/**
 * What the service counts, in Prometheus's text format at {@code /metrics}: requests by method,
 * route and status with a latency histogram ({@code facenet_http_requests_seconds}), faces answered
 * by route ({@code facenet_faces_total}), and the pictures in work and waiting for a turn ({@code
 * facenet_pictures_running}, {@code facenet_pictures_waiting}), and the request bodies held in
 * memory ({@code facenet_bodies_held_bytes}).
 *
 * <p>Thread-safe.
 */
final class ServerMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  ServerMetrics(Turns turns, Bodies bodies) {
    Gauge.builder("facenet.bodies.held", bodies, Bodies::heldBytes)
        .description("request bodies held in memory")
        .baseUnit("bytes")
        .register(registry);
    Gauge.builder("facenet.pictures.running", turns, Turns::running)
        .description("pictures being worked on")
        .register(registry);
    Gauge.builder("facenet.pictures.waiting", turns, Turns::queued)
        .description("requests waiting for a turn")
        .register(registry);
  }

  /** One answered request; {@code route} is the route's template, not the path asked. */
  void request(String method, String route, int status, long nanos) {
    Timer.builder("facenet.http.requests")
        .description("HTTP requests by method, route and status")
        .tags("method", method, "route", route, "status", Integer.toString(status))
        .publishPercentileHistogram()
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Faces found (and encoded, where the route encodes) for one answer. */
  void faces(String route, int count) {
    Counter.builder("facenet.faces")
        .description("faces answered by route")
        .tag("route", route)
        .register(registry)
        .increment(count);
  }

  String scrape() {
    return registry.scrape();
  }
}
