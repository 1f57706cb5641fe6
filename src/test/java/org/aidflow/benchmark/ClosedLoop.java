package org.aidflow.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Clients that each run one case after another, as fast as they can, for a ramp-up and then a timed window. Cases
 * that end inside the window count; a case still running when the window closes is finished but not counted.
 */
final class ClosedLoop {

  /** One client's work: a whole case, started and taken to its end. */
  interface CaseRun {
    void runOneCase() throws Exception;
  }

  /** What one timed window measured. */
  record Measurement(String side, int clients, int cases, Duration window, Machine.Cpu cpu,
      double lockWaitingSessions, String loadAverage) {

    double perSecond() {
      return cases / (window.toNanos() / 1e9);
    }

    double jvmCpuMillisPerCase() {
      return cpu.jvmNanos() / 1e6 / cases;
    }

    double jitCpuMillisPerCase() {
      return cpu.jitNanos() / 1e6 / cases;
    }

    double gcCpuMillisPerCase() {
      return cpu.gcNanos() / 1e6 / cases;
    }

    double postgresCpuMillisPerCase() {
      return cpu.postgresNanos() / 1e6 / cases;
    }

    /** The window's CPU per case as a round's line shows it. */
    String cpuPerCaseText() {
      return String.format("CPU per case: JVM %6.2f ms (JIT compiler %.2f, GC %.2f), PostgreSQL %6.2f ms; other"
          + " processes %.2f cores (PostgreSQL for other databases %.2f)", jvmCpuMillisPerCase(), jitCpuMillisPerCase(),
          gcCpuMillisPerCase(), postgresCpuMillisPerCase(), cpu.otherCores(), cpu.otherDatabasesCores());
    }
  }

  private ClosedLoop() {
  }

  /** Runs the clients without timing anything (warm-up), for the given time. */
  static void warmUp(String side, int clients, Duration duration, CaseRun run) throws Exception {
    measure(side + " warm-up", clients, Duration.ZERO, duration, run, null, null, null);
  }

  /**
   * @param database the side's database: PostgreSQL's work for the others is left out of the window's CPU
   * @param sessions sampled every 200 ms while timing: how many of the side's database sessions wait for a lock
   */
  static Measurement measure(String side, int clients, Duration rampUp, Duration window, CaseRun run, Machine machine,
      String database, java.util.function.IntSupplier sessions) throws Exception {
    long rampUpEnds = System.nanoTime() + rampUp.toNanos();
    long windowEnds = rampUpEnds + window.toNanos();
    AtomicInteger counted = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Thread client = new Thread(() -> {
        try {
          while (System.nanoTime() < windowEnds && failure.get() == null) {
            run.runOneCase();
            long ended = System.nanoTime();
            if (ended >= rampUpEnds && ended < windowEnds) {
              counted.incrementAndGet();
            }
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, side + "-client-" + i);
      threads.add(client);
      client.start();
    }
    sleepUntil(rampUpEnds);
    Machine.Window timed = machine == null ? null : machine.window(database);
    long lockSamples = 0;
    long samples = 0;
    while (System.nanoTime() < windowEnds && failure.get() == null) {
      if (sessions != null) {
        lockSamples += sessions.getAsInt();
        samples++;
      }
      if (timed != null) {
        timed.sample();
      }
      sleepUntil(Math.min(windowEnds, System.nanoTime() + 200_000_000L));
    }
    Machine.Cpu used = timed == null ? null : timed.end();
    for (Thread client : threads) {
      client.join();
    }
    if (failure.get() != null) {
      throw new IllegalStateException(side + " with " + clients + " clients failed", failure.get());
    }
    return new Measurement(side, clients, counted.get(), window, used,
        samples == 0 ? 0 : lockSamples / (double) samples,
        Machine.loadAverage());
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
    }
  }
}
