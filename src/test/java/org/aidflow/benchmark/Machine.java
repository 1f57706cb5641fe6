package org.aidflow.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What the machine is doing, from /proc (Linux): CPU time of this JVM, of the benchmark's PostgreSQL and of everything
 * else. Other builds may run on the machine at the same time; CPU time per case stays meaningful where throughput
 * suffers, and the share used by other processes says how much they took.
 */
final class Machine {

  /** Linux reports process CPU in clock ticks of 10 ms (getconf CLK_TCK = 100). */
  private static final long NANOS_PER_TICK = 10_000_000L;

  private final long postmasterPid;

  Machine(long postmasterPid) {
    this.postmasterPid = postmasterPid;
  }

  /** CPU used so far, in nanoseconds, and the wall-clock time of the reading. */
  record Cpu(long wallNanos, long jvmNanos, long postgresNanos, long machineBusyNanos) {

    /** What was used between {@code earlier} and this reading. */
    Cpu since(Cpu earlier) {
      return new Cpu(wallNanos - earlier.wallNanos, jvmNanos - earlier.jvmNanos, postgresNanos - earlier.postgresNanos,
          machineBusyNanos - earlier.machineBusyNanos);
    }

    /** Cores kept busy by processes other than this JVM and its PostgreSQL. */
    double otherCores() {
      return Math.max(0, machineBusyNanos - jvmNanos - postgresNanos) / (double) wallNanos;
    }
  }

  Cpu cpu() {
    return new Cpu(System.nanoTime(), jvmCpuNanos(), postgresTicks() * NANOS_PER_TICK,
        machineBusyTicks() * NANOS_PER_TICK);
  }

  static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** The 1, 5 and 15 minute load averages. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static long jvmCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * The postmaster's own time, the time of its children that have ended (cutime, cstime), and the time of its
   * children alive now (the backends and background workers).
   */
  private long postgresTicks() {
    long ticks = 0;
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        String[] stat = stat(process);
        if (stat == null) {
          continue;
        }
        long pid = Long.parseLong(process.getFileName().toString());
        if (pid == postmasterPid) {
          ticks += Long.parseLong(stat[11]) + Long.parseLong(stat[12]) + Long.parseLong(stat[13])
              + Long.parseLong(stat[14]);
        } else if (Long.parseLong(stat[1]) == postmasterPid) {
          ticks += Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return ticks;
  }

  /** The fields of /proc/PID/stat after the command name: [0] state, [1] ppid, … [11] utime, [12] stime, … */
  private static String[] stat(Path process) {
    try {
      String line = Files.readString(process.resolve("stat"));
      return line.substring(line.lastIndexOf(')') + 2).split(" ");
    } catch (IOException | RuntimeException e) {
      // the process ended while we looked
      return null;
    }
  }

  /** All CPUs' time in user, nice, system, irq, softirq and steal (not idle, not iowait). */
  private static long machineBusyTicks() {
    try {
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < Math.min(fields.length, 9); i++) {
        if (i != 4 && i != 5) {
          busy += Long.parseLong(fields[i]);
        }
      }
      return busy;
    } catch (IOException e) {
      return 0;
    }
  }
}
