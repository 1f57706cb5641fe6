package org.aidflow.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
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
  private final Set<String> databases;
  /**
   * The database each PostgreSQL process serves, once its title names one (a process never changes database); by
   * process id and start time, because process ids are given again to new processes.
   */
  private final Map<ServerProcess, String> databaseOfProcess = new ConcurrentHashMap<>();

  /** A process, told apart from a later one with the same id by its start time. */
  private record ServerProcess(long pid, long started) {
  }

  /** @param databases the benchmark's databases, each served by PostgreSQL processes that name it in their title */
  Machine(long postmasterPid, Set<String> databases) {
    this.postmasterPid = postmasterPid;
    this.databases = databases;
  }

  /**
   * CPU used so far, in nanoseconds, and the wall-clock time of the reading. {@code jitNanos} and {@code gcNanos} are
   * the parts of {@code jvmNanos} that the JVM's compiler threads and its garbage collector's threads used: both
   * engines share this JVM, and code still being compiled in a timed window counts as that side's CPU.
   */
  record Cpu(long wallNanos, long jvmNanos, long postgresNanos, long machineBusyNanos, long jitNanos, long gcNanos,
      long otherDatabasesNanos) {

    /** What was used between {@code earlier} and this reading. */
    Cpu since(Cpu earlier) {
      return new Cpu(wallNanos - earlier.wallNanos, jvmNanos - earlier.jvmNanos, postgresNanos - earlier.postgresNanos,
          machineBusyNanos - earlier.machineBusyNanos, jitNanos - earlier.jitNanos, gcNanos - earlier.gcNanos,
          otherDatabasesNanos - earlier.otherDatabasesNanos);
    }

    /**
     * Cores kept busy by processes other than this JVM and the PostgreSQL it measures: PostgreSQL's work for other
     * databases ({@link #otherDatabasesCores()}) counts here, as other load on the machine.
     */
    double otherCores() {
      return Math.max(0, machineBusyNanos - jvmNanos - postgresNanos) / (double) wallNanos;
    }

    /** Cores PostgreSQL spent serving the other databases (left out of {@code postgresNanos}). */
    double otherDatabasesCores() {
      return otherDatabasesNanos / (double) wallNanos;
    }
  }

  /** CPU used so far, PostgreSQL's processes of every database counted. */
  Cpu cpu() {
    long[] jitAndGc = jitAndGcTicks();
    return new Cpu(System.nanoTime(), jvmCpuNanos(), postgresTicks() * NANOS_PER_TICK,
        machineBusyTicks() * NANOS_PER_TICK, jitAndGc[0] * NANOS_PER_TICK, jitAndGc[1] * NANOS_PER_TICK, 0);
  }

  /**
   * A timed window of one database's work. PostgreSQL's backends and autovacuum workers that name another of the
   * benchmark's databases in their title are left out of the window's PostgreSQL time; the rest of the server (its
   * background writers, the WAL writer, the postmaster) counts, as before. Both engines' databases share one server
   * and take turns, so before this an autovacuum of one side's tables, or the other side's connections closing,
   * counted into whichever side's window it fell. Sample the window every few hundred milliseconds while it runs: an
   * autovacuum worker lives for seconds, and what it used is seen only while it lives.
   */
  Window window(String database) {
    return new Window(database);
  }

  final class Window {

    private final Set<String> others;
    private final Cpu start;
    /** Every PostgreSQL process's CPU ticks at the window's start (one that began later started from none). */
    private final Map<ServerProcess, Long> ticksAtStart = new HashMap<>();
    /** The other databases' processes: their CPU ticks when last seen. */
    private final Map<ServerProcess, Long> othersLastSeen = new HashMap<>();

    private Window(String database) {
      this.others = databases.stream().filter(name -> !name.equals(database)).collect(Collectors.toUnmodifiableSet());
      this.start = cpu();
      // every process, from a look through /proc: one missed here would later count with all its time before the window
      Map<Long, Stat> children = postgresChildren(true);
      children.forEach((pid, stat) -> ticksAtStart.put(stat.process(pid), stat.cpuTicks()));
      sample(children);
    }

    void sample() {
      sample(postgresChildren(false));
    }

    private void sample(Map<Long, Stat> children) {
      children.forEach((pid, stat) -> {
        ServerProcess process = stat.process(pid);
        if (servesOther(process)) {
          othersLastSeen.put(process, stat.cpuTicks());
        }
      });
    }

    /** The window's CPU, PostgreSQL's for the other databases left out. */
    Cpu end() {
      Cpu used = cpu().since(start);
      sample();
      long otherTicks = othersLastSeen.entrySet().stream()
          .mapToLong(seen -> seen.getValue() - ticksAtStart.getOrDefault(seen.getKey(), 0L)).sum();
      long other = Math.min(used.postgresNanos(), otherTicks * NANOS_PER_TICK);
      return new Cpu(used.wallNanos(), used.jvmNanos(), used.postgresNanos() - other, used.machineBusyNanos(),
          used.jitNanos(), used.gcNanos(), other);
    }

    private boolean servesOther(ServerProcess process) {
      String served = databaseOfProcess.get(process);
      if (served == null) {
        served = databaseNamedInTitle(process.pid());
        if (served != null) {
          databaseOfProcess.put(process, served);
        }
      }
      return served != null && others.contains(served);
    }
  }

  /**
   * The benchmark's database a PostgreSQL process's title names, or null (a background process; an autovacuum worker
   * before it has chosen its database). PostgreSQL sets the title: "postgres: user database host(port) state",
   * "postgres: autovacuum worker database".
   */
  private String databaseNamedInTitle(long pid) {
    try {
      String title = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
          StandardCharsets.UTF_8).replace('\0', ' ');
      return Arrays.stream(title.trim().split("\\s+")).filter(databases::contains).findFirst().orElse(null);
    } catch (IOException | RuntimeException e) {
      return null; // it ended while we looked
    }
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
          ticks[kind] += stat.cpuTicks();
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
    Stat postmaster = Stat.of(Path.of("/proc", Long.toString(postmasterPid)));
    long ticks = postmaster == null ? 0 : postmaster.cpuTicks() + postmaster.ticks(13) + postmaster.ticks(14);
    for (Stat child : postgresChildren(true).values()) {
      ticks += child.cpuTicks();
    }
    return ticks;
  }

  /**
   * The postmaster's children alive now, by process id. {@code complete}: by looking through every process, which
   * never misses one; else from the kernel's list of its children where there is one (cheap enough to sample every
   * 200 ms, though it may miss a child while others end). The CPU totals ({@link #postgresTicks}) look through every
   * process.
   */
  private Map<Long, Stat> postgresChildren(boolean complete) {
    Map<Long, Stat> children = new HashMap<>();
    if (!complete) {
      try {
        String listed = Files.readString(Path.of("/proc", Long.toString(postmasterPid), "task",
            Long.toString(postmasterPid), "children")).trim();
        for (String pid : listed.isEmpty() ? new String[0] : listed.split(" ")) {
          Stat stat = Stat.of(Path.of("/proc", pid));
          if (stat != null) {
            children.put(Long.parseLong(pid), stat);
          }
        }
        return children;
      } catch (IOException | RuntimeException e) {
        // a kernel without the list: look through /proc
        children.clear();
      }
    }
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        Stat stat = Stat.of(process);
        if (stat != null && stat.ticks(1) == postmasterPid) {
          children.put(Long.parseLong(process.getFileName().toString()), stat);
        }
      }
    } catch (IOException e) {
      // /proc unreadable: no children seen
    }
    return children;
  }

  /**
   * A process's or thread's /proc stat: its name (between the parentheses, which may hold spaces) and the fields after
   * it, [0] state, [1] ppid, … [11] utime, [12] stime, [13] cutime, [14] cstime, … [19] starttime.
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

    /** User and system time. */
    long cpuTicks() {
      return ticks(11) + ticks(12);
    }

    /** The process, by its id and its start time (field [19]). */
    ServerProcess process(long pid) {
      return new ServerProcess(pid, ticks(19));
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
