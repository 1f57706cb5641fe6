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

  /**
   * CPU used so far, in nanoseconds, and the wall-clock time of the reading. {@code jitNanos} and {@code gcNanos} are
   * the parts of {@code jvmNanos} that the JVM's compiler threads and its garbage collector's threads used: both
   * engines share this JVM, and code still being compiled in a timed window counts as that side's CPU.
   */
  record Cpu(long wallNanos, long jvmNanos, long postgresNanos, long machineBusyNanos, long jitNanos, long gcNanos) {

    /** What was used between {@code earlier} and this reading. */
    Cpu since(Cpu earlier) {
      return new Cpu(wallNanos - earlier.wallNanos, jvmNanos - earlier.jvmNanos, postgresNanos - earlier.postgresNanos,
          machineBusyNanos - earlier.machineBusyNanos, jitNanos - earlier.jitNanos, gcNanos - earlier.gcNanos);
    }

    /** Cores kept busy by processes other than this JVM and its PostgreSQL. */
    double otherCores() {
      return Math.max(0, machineBusyNanos - jvmNanos - postgresNanos) / (double) wallNanos;
    }
  }

  Cpu cpu() {
    long[] jitAndGc = jitAndGcTicks();
    return new Cpu(System.nanoTime(), jvmCpuNanos(), postgresTicks() * NANOS_PER_TICK,
        machineBusyTicks() * NANOS_PER_TICK, jitAndGc[0] * NANOS_PER_TICK, jitAndGc[1] * NANOS_PER_TICK);
  }

  /**
   * This JVM's threads by their names in /proc: the JIT compiler's ({@code C1 CompilerThre}, {@code C2
   * CompilerThre}) and the G1 garbage collector's ({@code GC Thread#n}, {@code G1 …}; the benchmark's JVM on two
   * cores and more memory than 1.8 GB collects with G1). A thread that ended took its time along: the benchmark's JVM
   * keeps its compiler threads for its whole life ({@code -XX:-UseDynamicNumberOfCompilerThreads}, pom.xml), and G1's
   * threads live as long as the JVM.
   */
  private static long[] jitAndGcTicks() {
    long[] ticks = new long[2];
    try (Stream<Path> threads = Files.list(Path.of("/proc/self/task"))) {
      for (Path thread : threads.toList()) {
        Stat stat = Stat.of(thread);
        if (stat == null) {
          continue;
        }
        String name = stat.name();
        int kind = name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler") ? 0
            : name.startsWith("GC Thread") || name.startsWith("G1 ") ? 1 : -1;
        if (kind >= 0) {
          ticks[kind] += stat.ticks(11) + stat.ticks(12);
        }
      }
    } catch (IOException | RuntimeException e) {
      // the task list changed while we read it: the threads read so far
    }
    return ticks;
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
        Stat stat = Stat.of(process);
        if (stat == null) {
          continue;
        }
        long pid = Long.parseLong(process.getFileName().toString());
        if (pid == postmasterPid) {
          ticks += stat.ticks(11) + stat.ticks(12) + stat.ticks(13) + stat.ticks(14);
        } else if (stat.ticks(1) == postmasterPid) {
          ticks += stat.ticks(11) + stat.ticks(12);
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return ticks;
  }

  /**
   * A process's or thread's /proc stat: its name (between the parentheses, which may hold spaces) and the fields after
   * it, [0] state, [1] ppid, … [11] utime, [12] stime, [13] cutime, [14] cstime.
   */
  private record Stat(String name, String[] fields) {

    /** Null when the process or thread ended while we looked. */
    static Stat of(Path processOrThread) {
      try {
        String line = Files.readString(processOrThread.resolve("stat"));
        return new Stat(line.substring(line.indexOf('(') + 1, line.lastIndexOf(')')),
            line.substring(line.lastIndexOf(')') + 2).split(" "));
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }

    long ticks(int field) {
      return Long.parseLong(fields[field]);
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
