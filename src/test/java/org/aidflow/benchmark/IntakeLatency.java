package org.aidflow.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code POST /api/cases} over HTTP as a channel calls it: HTTP Basic as an intake officer, a valid intake record of a
 * new person each time, answered 201. Closed loop: each client sends its next request when the last is answered.
 */
final class IntakeLatency {

  /** Latencies of one run, in milliseconds, and how many requests a second were answered. */
  record Result(int clients, double[] sortedMillis, double perSecond) {

    double percentile(double p) {
      int index = (int) Math.ceil(p / 100.0 * sortedMillis.length) - 1;
      return sortedMillis[Math.max(0, Math.min(sortedMillis.length - 1, index))];
    }

    double mean() {
      return Arrays.stream(sortedMillis).average().orElse(0);
    }

    double max() {
      return sortedMillis[sortedMillis.length - 1];
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final URI intake;
  private final String authorization;
  private final BenchmarkApplicants applicants;

  IntakeLatency(int port, String user, String password, BenchmarkApplicants applicants) {
    this.intake = URI.create("http://localhost:" + port + "/api/cases");
    this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
        .getBytes(StandardCharsets.UTF_8));
    this.applicants = applicants;
  }

  /** Sends {@code requests} requests from {@code clients} clients, each as soon as the last is answered. */
  Result run(int clients, int requests) throws Exception {
    return run(clients, requests, 0);
  }

  /**
   * Sends {@code requests} requests from {@code clients} clients at a steady {@code perSecond} in all, as channels
   * send them (an open loop): request i is due i / perSecond after the start, and its latency runs from when it was
   * due, so a request kept waiting for a free client counts its wait. {@code perSecond} 0: closed loop.
   */
  Result run(int clients, int requests, double perSecond) throws Exception {
    AtomicInteger next = new AtomicInteger();
    double[] millis = new double[requests];
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    long started = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      Thread client = new Thread(() -> {
        try {
          for (int i = next.getAndIncrement(); i < requests && failure.get() == null; i = next.getAndIncrement()) {
            HttpRequest request = HttpRequest.newBuilder(intake).timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(applicants.next()))).build();
            long sent = System.nanoTime();
            if (perSecond > 0) {
              long due = started + (long) (i / perSecond * 1e9);
              long early = due - sent;
              if (early > 0) {
                Thread.sleep(early / 1_000_000, (int) (early % 1_000_000));
              }
              sent = due;
            }
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            millis[i] = (System.nanoTime() - sent) / 1e6;
            if (response.statusCode() != 201) {
              throw new IllegalStateException("POST /api/cases answered " + response.statusCode() + ": "
                  + response.body());
            }
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, "intake-client-" + c);
      threads.add(client);
      client.start();
    }
    for (Thread client : threads) {
      client.join();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    if (failure.get() != null) {
      throw new IllegalStateException("intake over HTTP failed", failure.get());
    }
    Arrays.sort(millis);
    return new Result(clients, millis, requests / seconds);
  }
}
