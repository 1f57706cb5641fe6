package org.aidflow.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;
import org.aidflow.shared.AidFlowConfiguration;
import org.aidflow.shared.Groups;
import org.junit.jupiter.api.Test;

/**
 * The benchmark of issue part 5, run by {@code mvn -Pbenchmark verify} (never by plain {@code mvn verify}: the name
 * matches neither surefire's nor failsafe's default patterns). On one embedded PostgreSQL 17 it measures, in one run:
 * <ol>
 *   <li>full-loop cases per second of AidFlow, of a bare Camunda engine running a model of the same shape, and of a
 *       JDBC loop writing what AidFlow writes per case (the database's limit), with 1, 4 and 16 clients, the sides
 *       interleaved round by round so that other load on the machine falls on all of them;</li>
 *   <li>latency of {@code POST /api/cases} over HTTP with 32 clients;</li>
 *   <li>heap used with 10,000 open cases;</li>
 *   <li>only when named (part openCases): the full loop's CPU per case with 100,000 open cases against none, and the
 *       tables read by sequential scans during it.</li>
 * </ol>
 * It prints the figures and ratios and writes them to target/benchmark/ (results.csv, rounds.csv, rows-per-case.csv,
 * report.txt). Settings: {@link BenchmarkSettings}.
 */
class AidFlowBenchmark {

  private static final String AIDFLOW = "AidFlow";
  private static final String BARE = "bare engine";
  private static final String JDBC = "DB limit";
  private static final double MIB = 1024 * 1024;
  /** After the connections are renewed: hundreds of cases, each statement run on every connection many times. */
  private static final Duration RENEWED_WARM_UP = Duration.ofSeconds(20);

  private final BenchmarkSettings settings = BenchmarkSettings.fromSystemProperties();
  private final Results results = new Results();
  /** The loop's best median cases per second of this run (0 when the loops did not run), for the campaign part. */
  private double loopCasesPerSecond;

  @Test
  void measure() throws Exception {
    String date = ZonedDateTime.now(AidFlowConfiguration.ZONE).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    long maxHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
    try (BenchmarkDatabase database = BenchmarkDatabase.start(settings.synchronousCommit(),
        settings.sharedBuffers(), settings.serverConfig(), settings.statements())) {
      Machine machine = new Machine(database.postmasterPid(),
          Set.of(AidFlowCases.DATABASE, BareEngineCases.DATABASE, JdbcLimit.DATABASE));
      results.line("AidFlow benchmark, %s", date);
      results.line("machine: %d cores, JVM %s max heap %.0f MiB, PostgreSQL %s (embedded), load average %s",
          Machine.cores(), System.getProperty("java.version"), maxHeap / MIB, database.version(),
          Machine.loadAverage());
      results.line("settings: %s", settings.describe());
      results.fact("run.date", date);
      results.fact("run.cores", Integer.toString(Machine.cores()));
      results.fact("run.max_heap_mib", Long.toString(Math.round(maxHeap / MIB)));
      results.fact("run.load_average_at_start", Machine.loadAverage());
      results.fact("run.settings", settings.describe());

      String aidFlowDatabase = database.createDatabase(AidFlowCases.DATABASE);
      try (AidFlowCases aidFlow = AidFlowCases.start(aidFlowDatabase, settings)) {
        if (settings.parts().contains("loops")) {
          fullLoops(database, machine, aidFlow);
        }
        if (settings.parts().contains("cleanup")) {
          historyCleanup(aidFlow);
        }
        // every loop case is closed and the bare engine is gone: what AidFlow holds with no open case
        MemoryUsage noOpenCases = heapAfterGc();
        if (settings.parts().contains("openCases")) {
          openCasesLoop(database, machine, aidFlow);
        }
        if (settings.parts().contains("http")) {
          intakeLatency(aidFlow, machine, database);
        }
        if (settings.parts().contains("heap")) {
          heapWithOpenCases(aidFlow, maxHeap, noOpenCases);
        }
        // with the open cases in place: a missing index would show as sequential scans of large tables
        listTableScans(database, "AidFlow's tables at the end by rows read in sequential scans over the whole run", 12);
        if (settings.parts().contains("cockpit")) {
          cockpitIndicators(aidFlow, aidFlowDatabase, machine);
        }
        if (settings.parts().contains("campaign")) {
          campaignBatch(aidFlow);
        }
      }
      results.fact("run.load_average_at_end", Machine.loadAverage());
      results.line("load average at the end: %s", Machine.loadAverage());
    } finally {
      results.write(settings.output());
      System.out.println("written to " + settings.output().toAbsolutePath());
    }
  }

  private void fullLoops(BenchmarkDatabase database, Machine machine, AidFlowCases aidFlow) throws Exception {
    try (BareEngineCases bare = BareEngineCases.start(database.createDatabase(BareEngineCases.DATABASE), settings)) {
      results.line("%nwarming up both engines, %d s each with 4 clients", settings.warmUp().toSeconds());
      ClosedLoop.warmUp(AIDFLOW, 4, settings.warmUp(), aidFlow);
      ClosedLoop.warmUp(BARE, 4, settings.warmUp(), bare);
      renewConnections(AIDFLOW, aidFlow, aidFlow::renewConnections);
      renewConnections(BARE, bare, bare::renewConnections);

      JdbcLimit.WriteProfile aidFlowWrites = writesPerCase(database, aidFlow, bare);
      // AidFlow's scan counters from here on (flushed by writesPerCase), so that its timed windows can be told from the
      // warm-up, whose first minutes ran on plans made while the tables were nearly empty
      Map<String, long[]> scansBeforeWindows = database.tableScans(AidFlowCases.DATABASE);
      try (JdbcLimit jdbc = new JdbcLimit(database.createDatabase(JdbcLimit.DATABASE), settings.poolSize(),
          settings.rewriteBatchedInserts(),
          aidFlowWrites)) {
        results.line("DB limit loop: %s", jdbc.shape());
        ClosedLoop.warmUp(JDBC, 4, Duration.ofSeconds(5), jdbc);

        Map<String, ClosedLoop.CaseRun> sides = new LinkedHashMap<>();
        sides.put(JDBC, jdbc);
        sides.put(BARE, bare);
        sides.put(AIDFLOW, aidFlow);
        Map<String, String> databases = Map.of(JDBC, JdbcLimit.DATABASE, BARE, BareEngineCases.DATABASE, AIDFLOW,
            AidFlowCases.DATABASE);
        Map<String, Map<Integer, List<ClosedLoop.Measurement>>> measured = new LinkedHashMap<>();
        // per side and client count: how often each kind of lock wait was seen in the samples
        Map<String, Map<String, Integer>> lockWaits = new LinkedHashMap<>();
        database.resetStatements();
        long aidFlowLoopsBefore = aidFlow.loopsRun();
        long bareLoopsBefore = bare.loopsRun();
        results.line("%nfull loop, %d rounds (one line per timed window; autovacuum paused, each side's database"
            + " vacuumed and analyzed before its window)", settings.rounds());
        database.autovacuum(false);
        for (int round = 1; round <= settings.rounds(); round++) {
          for (int clients : settings.clients()) {
            // a different side first in each round, so that no side always follows the same one
            List<String> order = new ArrayList<>(sides.keySet());
            java.util.Collections.rotate(order, round - 1);
            for (String side : order) {
              String sideDatabase = databases.get(side);
              Map<String, Integer> waitsSeen = lockWaits.computeIfAbsent(side + ", " + clients + " clients",
                  s -> new TreeMap<>());
              IntSupplier waitingSessions = lockWaitCounter(database, sideDatabase, waitsSeen);
              database.beforeWindow(sideDatabase);
              long checkpoints = database.checkpoints();
              ClosedLoop.Measurement m = ClosedLoop.measure(side, clients, settings.rampUp(), settings.measure(),
                  sides.get(side), machine, sideDatabase, waitingSessions);
              long checkpointsInWindow = database.checkpoints() - checkpoints;
              measured.computeIfAbsent(side, s -> new LinkedHashMap<>()).computeIfAbsent(clients,
                  c -> new ArrayList<>()).add(m);
              results.round(m, round);
              results.line("  round %d, %2d clients, %-11s %8.1f cases/s  %s; sessions waiting for locks %.2f;"
                      + " load %s%s", round, clients, side, m.perSecond(), m.cpuPerCaseText(),
                  m.lockWaitingSessions(), m.loadAverage(),
                  checkpointsInWindow == 0 ? "" : "; " + checkpointsInWindow + " checkpoint(s) in the window");
            }
          }
        }
        database.autovacuum(true);
        aidFlow.checkEveryCaseClosed();
        bare.checkEveryCaseClosed();
        summarizeLoops(measured);
        summarizeLockWaits(lockWaits);
        costliestStatements(database, AIDFLOW, AidFlowCases.DATABASE, aidFlow.loopsRun() - aidFlowLoopsBefore);
        costliestStatements(database, BARE, BareEngineCases.DATABASE, bare.loopsRun() - bareLoopsBefore);
        database.awaitStatisticsFlushed(AidFlowCases.DATABASE);
        listTableScans(database, "AidFlow's tables by rows read in sequential scans since the database was made, the"
            + " warm-up included (where an index may be missing)", 8);
        long aidFlowCases = aidFlow.loopsRun() - aidFlowLoopsBefore;
        results.line("%nAidFlow's tables read by sequential scans in its timed windows (%d cases, ramp-ups included;"
            + " rows now):", aidFlowCases);
        listScansBetween(database, scansBeforeWindows, database.tableScans(AidFlowCases.DATABASE), aidFlowCases, null,
            "  ");
        results.line("ledger entries after the loops: %d (fund balances are summed from them)",
            aidFlow.ledgerEntries());
        authorizations(aidFlow, "after the loops");
      }
    }
  }

  /**
   * What one case costs each engine's database, from PostgreSQL's own counters over a few cases run alone: the JDBC
   * loop is sized from AidFlow's, and the tables show where the rows go.
   */
  private JdbcLimit.WriteProfile writesPerCase(BenchmarkDatabase database, AidFlowCases aidFlow, BareEngineCases bare)
      throws Exception {
    int cases = settings.profileCases();
    results.line("counting the database writes of %d cases of each engine", cases);
    database.awaitStatisticsFlushed(AidFlowCases.DATABASE, BareEngineCases.DATABASE);
    Map<String, Long> aidFlowBefore = database.counters(AidFlowCases.DATABASE);
    Map<String, Long> bareBefore = database.counters(BareEngineCases.DATABASE);
    Map<String, long[]> aidFlowTablesBefore = database.tableWrites(AidFlowCases.DATABASE);
    Map<String, long[]> bareTablesBefore = database.tableWrites(BareEngineCases.DATABASE);
    for (int i = 0; i < cases; i++) {
      aidFlow.runOneCase();
      bare.runOneCase();
    }
    database.awaitStatisticsFlushed(AidFlowCases.DATABASE, BareEngineCases.DATABASE);
    JdbcLimit.WriteProfile aidFlowProfile = JdbcLimit.WriteProfile.between(aidFlowBefore,
        database.counters(AidFlowCases.DATABASE), cases);
    JdbcLimit.WriteProfile bareProfile = JdbcLimit.WriteProfile.between(bareBefore,
        database.counters(BareEngineCases.DATABASE), cases);
    for (var side : List.of(Map.entry(AIDFLOW, aidFlowProfile), Map.entry(BARE, bareProfile))) {
      JdbcLimit.WriteProfile p = side.getValue();
      results.line("  %-11s per case: %5.1f commits, %5.1f rows inserted, %5.1f updated, %5.1f deleted", side.getKey(),
          p.commits(), p.inserted(), p.updated(), p.deleted());
      String key = side.getKey().equals(AIDFLOW) ? "aidflow" : "bare_engine";
      results.figure("db_writes_per_case." + key + ".commits", p.commits(), "transactions", null);
      results.figure("db_writes_per_case." + key + ".rows", p.rowsWritten(), "rows", null);
    }
    tableDiff(AIDFLOW, aidFlowTablesBefore, database.tableWrites(AidFlowCases.DATABASE), cases);
    tableDiff(BARE, bareTablesBefore, database.tableWrites(BareEngineCases.DATABASE), cases);
    historyDetailsByVariable(database, AIDFLOW, AidFlowCases.DATABASE);
    historyDetailsByVariable(database, BARE, BareEngineCases.DATABASE);
    return aidFlowProfile;
  }

  /** Variable-history rows (act_hi_detail) per case by variable, most first: which variables write the most history. */
  private void historyDetailsByVariable(BenchmarkDatabase database, String side, String databaseName) {
    org.springframework.jdbc.core.JdbcTemplate jdbc =
        new org.springframework.jdbc.core.JdbcTemplate(database.dataSource(databaseName));
    Long caseCount = jdbc.queryForObject("SELECT COUNT(*) FROM act_hi_procinst WHERE super_process_instance_id_ IS NULL",
        Long.class);
    if (caseCount == null || caseCount == 0) {
      return;
    }
    results.line("  %-11s history detail rows per case by variable: %s", side,
        String.join(", ", rowsPerCaseByName(jdbc, "act_hi_detail", caseCount)));
    results.line("  %-11s variables per case (act_hi_varinst rows) by name: %s", side,
        String.join(", ", rowsPerCaseByName(jdbc, "act_hi_varinst", caseCount)));
  }

  /** A variable-history table's rows per case by variable name, most first; "(bytes)" where any holds a byte array. */
  private static List<String> rowsPerCaseByName(org.springframework.jdbc.core.JdbcTemplate jdbc, String table,
      long caseCount) {
    List<String> lines = new ArrayList<>();
    jdbc.query("SELECT name_, COUNT(*) AS n, COUNT(bytearray_id_) AS bytes FROM " + table + " GROUP BY name_"
        + " ORDER BY n DESC, name_", row -> {
          lines.add(String.format(java.util.Locale.ROOT, "%s %.1f%s", row.getString(1), row.getLong(2)
              / (double) caseCount, row.getLong(3) > 0 ? " (bytes)" : ""));
        });
    return lines;
  }

  private void tableDiff(String side, Map<String, long[]> before, Map<String, long[]> after, int cases) {
    List<String> lines = new ArrayList<>();
    after.forEach((table, counts) -> {
      long[] earlier = before.getOrDefault(table, new long[3]);
      double inserted = (counts[0] - earlier[0]) / (double) cases;
      double updated = (counts[1] - earlier[1]) / (double) cases;
      double deleted = (counts[2] - earlier[2]) / (double) cases;
      if (inserted + updated + deleted > 0) {
        results.tableWrites(side, table, inserted, updated, deleted);
        lines.add(String.format(java.util.Locale.ROOT, "%s %.1f/%.1f/%.1f", table, inserted, updated, deleted));
      }
    });
    results.line("  %-11s rows per case by table (inserted/updated/deleted): %s", side, String.join(", ", lines));
  }

  /** A campaign batch of 10,000 households (docs/campaigns.md): listing and payment times, payments per second. */
  private void campaignBatch(AidFlowCases aidFlow) throws Exception {
    int households = Integer.getInteger("benchmark.campaign.households", 10_000);
    results.line("%ncampaign batch: %d registered households, one payment each", households);
    CampaignBatchLoad.Timing timing = new CampaignBatchLoad(aidFlow).run(households);
    double perSecond = households / (timing.payMillis() / 1000.0);
    results.line("  listing %.1f s; payments %.1f s, %.1f payments/s; %d paid, %d disbursements in the ledger",
        timing.listMillis() / 1000.0, timing.payMillis() / 1000.0, perSecond, timing.paid(), timing.disbursements());
    results.figure("campaign.listing_seconds", timing.listMillis() / 1000.0, "s", null);
    results.figure("campaign.payment_seconds", timing.payMillis() / 1000.0, "s", null);
    results.figure("campaign.payments_per_second", perSecond, "payments/s", null);
    if (loopCasesPerSecond > 0) {
      results.line("  against the full loop's %.1f cases/s: %.1f payments per loop case", loopCasesPerSecond,
          perSecond / loopCasesPerSecond);
      results.figure("campaign.payments_over_loop_cases", perSecond / loopCasesPerSecond, "ratio", null);
    } else {
      results.line("  (the loops did not run in this invocation: compare with the loop's cases/s of a full run)");
    }
  }

  private void summarizeLoops(Map<String, Map<Integer, List<ClosedLoop.Measurement>>> measured) {
    results.line("%nfull loop: cases per second (median of %d rounds), ratios (median of each round's own) and CPU per"
        + " case (JVM + PostgreSQL, median)", settings.rounds());
    results.line("%8s %10s %12s %10s %13s %13s %15s %15s %13s", "clients", AIDFLOW, BARE, JDBC, "AidFlow/bare",
        "AidFlow/DB", "AidFlow CPU ms", "bare CPU ms", "DB limit CPU");
    for (int clients : settings.clients()) {
      ClosedLoop.Measurement aidFlow = median(measured.get(AIDFLOW).get(clients));
      ClosedLoop.Measurement bare = median(measured.get(BARE).get(clients));
      ClosedLoop.Measurement jdbc = median(measured.get(JDBC).get(clients));
      List<ClosedLoop.Measurement> aidFlowRounds = measured.get(AIDFLOW).get(clients);
      List<ClosedLoop.Measurement> bareRounds = measured.get(BARE).get(clients);
      double[] rateRatios = ratios(aidFlowRounds, bareRounds, ClosedLoop.Measurement::perSecond);
      double vsBare = median(rateRatios);
      double vsDatabase = median(ratios(aidFlowRounds, measured.get(JDBC).get(clients),
          ClosedLoop.Measurement::perSecond));
      results.line("%8d %10.1f %12.1f %10.1f %13.2f %13.3f %15.1f %15.1f %13.1f", clients, aidFlow.perSecond(),
          bare.perSecond(), jdbc.perSecond(), vsBare, vsDatabase, cpuPerCase(measured.get(AIDFLOW).get(clients)),
          cpuPerCase(measured.get(BARE).get(clients)), cpuPerCase(measured.get(JDBC).get(clients)));
      String c = ".clients_" + clients;
      results.figure("full_loop.aidflow" + c, aidFlow.perSecond(), "cases/s", vsBare);
      loopCasesPerSecond = Math.max(loopCasesPerSecond, aidFlow.perSecond());
      results.figure("full_loop.bare_engine" + c, bare.perSecond(), "cases/s", null);
      results.figure("full_loop.db_limit" + c, jdbc.perSecond(), "cases/s", null);
      results.figure("full_loop.aidflow_over_bare_engine" + c, vsBare, "ratio", vsBare);
      results.figure("full_loop.aidflow_over_db_limit" + c, vsDatabase, "ratio", vsDatabase);
      results.figure("cpu_per_case.aidflow" + c, cpuPerCase(measured.get(AIDFLOW).get(clients)), "ms", null);
      results.figure("cpu_per_case.bare_engine" + c, cpuPerCase(measured.get(BARE).get(clients)), "ms", null);
      results.figure("cpu_per_case.db_limit" + c, cpuPerCase(measured.get(JDBC).get(clients)), "ms", null);
      results.figure("lock_waiting_sessions.aidflow" + c, aidFlow.lockWaitingSessions(), "sessions", null);
      results.line("         goal AidFlow >= 70%% of the bare engine with %d clients: %s (%.0f%%; round by round %s)",
          clients, vsBare >= 0.7 ? "met" : "MISSED", vsBare * 100, roundByRound(rateRatios));
      double aidFlowJvm = jvmCpuPerCase(aidFlowRounds);
      double bareJvm = jvmCpuPerCase(bareRounds);
      double[] jvmRatios = ratios(aidFlowRounds, bareRounds, ClosedLoop.Measurement::jvmCpuMillisPerCase);
      double jvmRatio = median(jvmRatios);
      results.line("         goal JVM CPU per case <= 2 x the bare engine's with %d clients: %s (medians %.1f against"
          + " %.1f ms; %.2f x, the median of the rounds' ratios: %s)", clients, jvmRatio <= 2 ? "met" : "MISSED",
          aidFlowJvm, bareJvm, jvmRatio, roundByRound(jvmRatios));
      results.figure("jvm_cpu_per_case.aidflow" + c, aidFlowJvm, "ms", jvmRatio);
      results.figure("jvm_cpu_per_case.bare_engine" + c, bareJvm, "ms", null);
      // what the goal's figure holds besides the sides' own work: the JIT still compiling, the collector
      double aidFlowJit = median(measured.get(AIDFLOW).get(clients), ClosedLoop.Measurement::jitCpuMillisPerCase);
      double bareJit = median(measured.get(BARE).get(clients), ClosedLoop.Measurement::jitCpuMillisPerCase);
      double aidFlowGc = median(measured.get(AIDFLOW).get(clients), ClosedLoop.Measurement::gcCpuMillisPerCase);
      double bareGc = median(measured.get(BARE).get(clients), ClosedLoop.Measurement::gcCpuMillisPerCase);
      results.line("           of which the JIT compiler %.1f against %.1f ms and the garbage collector %.1f against"
          + " %.1f ms (medians of the rounds)", aidFlowJit, bareJit, aidFlowGc, bareGc);
      results.figure("jit_cpu_per_case.aidflow" + c, aidFlowJit, "ms", null);
      results.figure("jit_cpu_per_case.bare_engine" + c, bareJit, "ms", null);
      results.figure("gc_cpu_per_case.aidflow" + c, aidFlowGc, "ms", null);
      results.figure("gc_cpu_per_case.bare_engine" + c, bareGc, "ms", null);
    }
  }

  /** The lock waits seen most often, with what the session holding the lock last ran. */
  private void summarizeLockWaits(Map<String, Map<String, Integer>> lockWaits) {
    results.line("%nlock waits sampled every 200 ms (waiting statement  <-  last statement of the session holding the"
        + " lock [its state]):");
    lockWaits.forEach((sideAndClients, waits) -> {
      if (waits.isEmpty()) {
        return;
      }
      results.line("  %s:", sideAndClients);
      waits.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(4)
          .forEach(wait -> results.line("    %5d x  %s", wait.getValue(), wait.getKey()));
    });
  }

  /** With -Dbenchmark.statements=true: what each statement cost per case of the timed loops. */
  private void costliestStatements(BenchmarkDatabase database, String side, String sideDatabase, long cases) {
    List<BenchmarkDatabase.Statement> statements = database.statements(sideDatabase, 12);
    if (statements.isEmpty()) {
      return;
    }
    Map<String, Double> byKind = database.statementMillisByKind(sideDatabase);
    results.line("%n%s: PostgreSQL execution time per case or request while timed (%d), by what the statements touch:"
        + " %s", side, cases, byKind.entrySet().stream().map(e -> String.format(java.util.Locale.ROOT, "%s %.1f ms",
        e.getKey(), e.getValue() / cases)).collect(java.util.stream.Collectors.joining(", ")));
    double[] totals = database.statementTotals(sideDatabase);
    results.line("%s: %.1f statements and %.1f ms of PostgreSQL's planning per case or request", side,
        totals[0] / cases, totals[1] / cases);
    pagesAndWal(side + ": per case or request,", totals, cases);
    listStatements(side + ": statements planned longest while timed: planning ms and calls per case or request,"
        + " query", database.plannedStatements(sideDatabase, 8), cases);
    listStatements(side + ": statements run most often while timed: ms and calls per case or request, query",
        database.frequentStatements(sideDatabase, settings.frequentStatements()), cases);
    listStatements(side + ": costliest statements while timed: ms and calls per case or request, query", statements,
        cases);
    List<BenchmarkDatabase.Statement> ownWrites = database.ownTableWrites(sideDatabase, 25);
    if (!ownWrites.isEmpty()) {
      results.line("%s: writes to its own tables while timed: calls and rows per case or request, query", side);
      for (BenchmarkDatabase.Statement s : ownWrites) {
        results.line("  %6.2f calls %6.2f rows  %s", s.calls() / (double) cases, s.rows() / (double) cases,
            shortened(s.query().replaceAll("\\s+", " ")));
      }
    }
  }

  /**
   * Pages the statements found outside shared buffers, dirtied or had to write themselves, and whole pages written to
   * the WAL: the I/O that grows when the tables outgrow the buffers, which CPU time alone does not show.
   */
  private void pagesAndWal(String prefix, double[] totals, long cases) {
    if (totals[0] == 0) {
      return;
    }
    results.line("%s %.1f pages read from outside shared buffers, %.1f dirtied, %.1f written by the statements"
        + " themselves; %.1f full-page images and %.1f kB in the WAL", prefix, totals[2] / cases, totals[3] / cases,
        totals[4] / cases, totals[5] / cases, totals[6] / 1024 / cases);
  }

  /**
   * AidFlow's tables most read by sequential scans so far, and for a big table read whole (with
   * -Dbenchmark.statements=true) the statements since the last part began whose plan reads it so.
   */
  private void listTableScans(BenchmarkDatabase database, String title, int limit) {
    results.line("%n%s:", title);
    for (BenchmarkDatabase.TableReads t : database.tableReads(AidFlowCases.DATABASE, limit)) {
      results.line("  %-24s %8d sequential scans read %12d rows; %9d index scans; %8d rows", t.table(),
          t.sequentialScans(), t.rowsReadSequentially(), t.indexScans(), t.liveRows());
      if (t.rowsReadSequentially() >= 300L * Math.max(1, t.sequentialScans())) {
        for (String statement : database.statementsScanning(AidFlowCases.DATABASE, t.table(), 4)) {
          results.line("        %s", statement);
        }
      }
    }
  }

  private void listStatements(String title, List<BenchmarkDatabase.Statement> statements, long cases) {
    results.line("%s", title);
    for (BenchmarkDatabase.Statement s : statements) {
      String query = s.query().replaceAll("\\s+", " ");
      results.line("  %7.2f ms %6.2f  %s", s.totalMillis() / cases, s.calls() / (double) cases, shortened(query));
    }
  }

  /** A long statement's start and its conditions (where statements of one shape differ), each cut at 200 chars. */
  static String shortened(String query) {
    if (query.length() <= 200) {
      return query;
    }
    int where = query.toUpperCase(java.util.Locale.ROOT).indexOf(" WHERE ");
    String start = query.substring(0, 200);
    if (where < 200) {
      return start;
    }
    return start + " … " + query.substring(where + 1, Math.min(query.length(), where + 201));
  }

  /**
   * A production pool renews each connection within 30 minutes (Hikari's maxLifetime). Here a warm-up or a fill grew
   * the tables on the same connections, and PostgreSQL keeps one plan for a prepared statement only while it expects
   * it to cost less than the plans it made with values on that connection so far: one first planned on smaller tables
   * stays planned at every call long after (docs/benchmark-and-tuning.md, "connections renewed"). So the engine's pool
   * closes its connections before timed windows, and the engine runs on new ones with as many clients as the windows
   * use at most, so that each connection the windows take has prepared its statements again.
   */
  private void renewConnections(String side, ClosedLoop.CaseRun run, Runnable renew) throws Exception {
    int clients = java.util.Collections.max(settings.clients());
    results.line("%s: connections renewed, then %d s with %d clients", side, RENEWED_WARM_UP.toSeconds(), clients);
    renew.run();
    ClosedLoop.warmUp(side, clients, RENEWED_WARM_UP, run);
  }

  /** The round with the median throughput (the middle one of an odd number of rounds). */
  private static ClosedLoop.Measurement median(List<ClosedLoop.Measurement> rounds) {
    List<ClosedLoop.Measurement> sorted = new ArrayList<>(rounds);
    sorted.sort(java.util.Comparator.comparingDouble(ClosedLoop.Measurement::perSecond));
    return sorted.get(sorted.size() / 2);
  }

  /**
   * AidFlow's figure over the other side's, round by round, in the order of the rounds; the goals take their median. A
   * round's windows follow each other within a minute, so load on the machine that comes and goes falls on both sides
   * of a ratio; a ratio of each side's median could pair AidFlow's best round with the other's worst (6 December: 0.81
   * with 4 clients from rounds of 0.62, 0.53 and 0.87).
   */
  private static double[] ratios(List<ClosedLoop.Measurement> aidFlow, List<ClosedLoop.Measurement> other,
      ToDoubleFunction<ClosedLoop.Measurement> figure) {
    if (aidFlow.size() != other.size() || java.util.stream.Stream.concat(aidFlow.stream(), other.stream())
        .anyMatch(m -> m.cases() == 0)) {
      // a window without a case has no rate or cost per case to compare: the run says nothing
      throw new IllegalStateException("a timed window ended no case, or the sides ran different rounds");
    }
    return java.util.stream.IntStream.range(0, aidFlow.size())
        .mapToDouble(i -> figure.applyAsDouble(aidFlow.get(i)) / figure.applyAsDouble(other.get(i))).toArray();
  }

  private static String roundByRound(double[] ratios) {
    return java.util.Arrays.stream(ratios)
        .mapToObj(r -> String.format(java.util.Locale.ROOT, "%.2f", r))
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /** Median over the rounds of the JVM's CPU per case, in ms (issue 19's goal: at most twice the bare engine's). */
  private static double jvmCpuPerCase(List<ClosedLoop.Measurement> rounds) {
    return median(rounds, ClosedLoop.Measurement::jvmCpuMillisPerCase);
  }

  /** Median over the rounds of JVM plus PostgreSQL CPU per case, in ms. */
  private static double cpuPerCase(List<ClosedLoop.Measurement> rounds) {
    return median(rounds, m -> m.jvmCpuMillisPerCase() + m.postgresCpuMillisPerCase());
  }

  private static double median(List<ClosedLoop.Measurement> rounds,
      ToDoubleFunction<ClosedLoop.Measurement> figure) {
    return median(rounds.stream().mapToDouble(figure).toArray());
  }

  /** The middle value (of an even number, the upper one of the two in the middle, as for the rounds). */
  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /**
   * Camunda reads every distinct group of act_ru_authorization (a full scan) once per authenticated command, so the
   * number of rows there bears on every call a caseworker or channel makes.
   */
  private void authorizations(AidFlowCases aidFlow, String when) {
    Map<Integer, Long> byType = aidFlow.authorizationsByResourceType();
    long total = byType.values().stream().mapToLong(Long::longValue).sum();
    results.line("act_ru_authorization %s: %d rows (by resource type, 7 task, 8 process instance, 20 historic"
        + " process instance: %s)", when, total, byType);
    results.fact("authorization_rows." + when.replace(' ', '_'), Long.toString(total));
  }

  private void intakeLatency(AidFlowCases aidFlow, Machine machine, BenchmarkDatabase database) throws Exception {
    IntakeLatency intake = new IntakeLatency(aidFlow.port(), AidFlowCases.INTAKE_OFFICER, AidFlowCases.PASSWORD,
        aidFlow.applicants());
    results.line("%nPOST /api/cases over HTTP (closed loop, every answer 201)");
    intake.run(1, 100);
    IntakeLatency.Result alone = intake.run(1, 300);
    intake.run(settings.httpClients(), settings.httpWarmUpRequests());
    authorizations(aidFlow, "before the timed intake");
    database.resetStatements();
    Machine.Cpu before = machine.cpu();
    Map<String, Map<String, Integer>> lockWaits = new LinkedHashMap<>();
    String loadedTitle = "POST /api/cases, " + settings.httpClients() + " clients back to back";
    SampledRun loadedRun = whileSamplingLockWaits(lockWaitCounter(database, AidFlowCases.DATABASE,
        lockWaits.computeIfAbsent(loadedTitle, k -> new TreeMap<>())),
        () -> intake.run(settings.httpClients(), settings.httpRequests()));
    IntakeLatency.Result loaded = loadedRun.result();
    Machine.Cpu used = machine.cpu().since(before);
    costliestStatements(database, "POST /api/cases", AidFlowCases.DATABASE, settings.httpRequests());
    // the same clients at a steady rate, as channels send: about a minute's worth
    int pacedRequests = (int) Math.max(100, settings.httpRate() * 60);
    String pacedTitle = String.format(java.util.Locale.ROOT, "POST /api/cases, %d clients at a steady %.0f/s",
        settings.httpClients(), settings.httpRate());
    SampledRun pacedRun = whileSamplingLockWaits(lockWaitCounter(database, AidFlowCases.DATABASE,
        lockWaits.computeIfAbsent(pacedTitle, k -> new TreeMap<>())),
        () -> intake.run(settings.httpClients(), pacedRequests, settings.httpRate()));
    IntakeLatency.Result paced = pacedRun.result();
    summarizeLockWaits(lockWaits);
    lockWaitPerRequest(loadedTitle, loadedRun);
    lockWaitPerRequest(pacedTitle, pacedRun);
    for (IntakeLatency.Result r : List.of(alone, loaded, paced)) {
      boolean steady = r == paced;
      results.line("  %2d clients, %5d requests%s: p50 %6.1f ms, p95 %6.1f ms, p99 %6.1f ms, mean %6.1f ms,"
          + " max %6.1f ms; %.1f requests/s", r.clients(), r.sortedMillis().length,
          steady ? String.format(java.util.Locale.ROOT, " at a steady %.0f/s", settings.httpRate()) : " back to back",
          r.percentile(50), r.percentile(95), r.percentile(99), r.mean(), r.max(), r.perSecond());
      String c = ".clients_" + r.clients() + (steady ? String.format(java.util.Locale.ROOT, ".rate_%.0f",
          settings.httpRate()) : "");
      results.figure("intake_http.p50" + c, r.percentile(50), "ms", null);
      results.figure("intake_http.p95" + c, r.percentile(95), "ms", null);
      results.figure("intake_http.p99" + c, r.percentile(99), "ms", r.percentile(99) / 100.0);
      results.figure("intake_http.throughput" + c, r.perSecond(), "requests/s", null);
    }
    double jvmPerRequest = used.jvmNanos() / 1e6 / settings.httpRequests();
    double postgresPerRequest = used.postgresNanos() / 1e6 / settings.httpRequests();
    results.line("  CPU per request with %d clients: JVM %.1f ms + PostgreSQL %.1f ms; other processes %.2f cores",
        settings.httpClients(), jvmPerRequest, postgresPerRequest, used.otherCores());
    results.figure("intake_http.cpu_per_request.clients_" + settings.httpClients(), jvmPerRequest + postgresPerRequest,
        "ms", null);
    // with every client always waiting, the mean latency is clients / throughput (Little's law)
    results.line("  with %d clients always waiting, the mean is at least %d / %.1f per second = %.1f ms;"
        + " p99 < 100 ms needs more than %.0f requests/s", settings.httpClients(), settings.httpClients(),
        loaded.perSecond(), settings.httpClients() / loaded.perSecond() * 1000, settings.httpClients() / 0.1);
    results.line("  goal p99 < 100 ms with %d clients back to back: %s (%.1f ms)", settings.httpClients(),
        loaded.percentile(99) < 100 ? "met" : "MISSED", loaded.percentile(99));
    results.line("  goal p99 < 100 ms with %d clients at a steady %.0f/s: %s (%.1f ms)", settings.httpClients(),
        settings.httpRate(), paced.percentile(99) < 100 ? "met" : "MISSED", paced.percentile(99));
  }

  /** Counts each lock wait the database shows right now into {@code seen}, and answers how many sessions wait. */
  private static IntSupplier lockWaitCounter(BenchmarkDatabase database, String sideDatabase,
      Map<String, Integer> seen) {
    return () -> {
      List<String> waits = database.lockWaits(sideDatabase);
      waits.forEach(wait -> seen.merge(wait, 1, Integer::sum));
      return waits.size();
    };
  }

  /** An intake run with how many sessions waited for a lock during it, on average over its samples. */
  private record SampledRun(IntakeLatency.Result result, double waitingSessions, long samples) {
  }

  /**
   * Runs the intake on a thread of its own while this one samples the sessions waiting for a lock every 200 ms, as
   * the loops' windows do ({@link ClosedLoop#measure}); a failure of either ends the run and is thrown here.
   */
  private static SampledRun whileSamplingLockWaits(IntSupplier waitingSessions, Callable<IntakeLatency.Result> run)
      throws Exception {
    FutureTask<IntakeLatency.Result> intake = new FutureTask<>(run);
    Thread thread = new Thread(intake, "intake");
    thread.start();
    long waiting = 0;
    long samples = 0;
    try {
      while (true) {
        waiting += waitingSessions.getAsInt();
        samples++;
        try {
          return new SampledRun(intake.get(200, TimeUnit.MILLISECONDS), waiting / (double) samples, samples);
        } catch (TimeoutException stillRunning) {
          // the next sample
        }
      }
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } finally {
      // after a failed sample the intake still runs to its end (its clients give up on a request after 60 s)
      thread.join();
    }
  }

  /** Little's law: the sessions waiting on average over the requests per second is each request's mean wait. */
  private void lockWaitPerRequest(String title, SampledRun run) {
    results.line("  %s: %.2f sessions waiting for a lock on average (%d samples), about %.1f ms of each request",
        title, run.waitingSessions(), run.samples(), run.waitingSessions() / run.result().perSecond() * 1000);
  }

  /**
   * Issue 19: the loop's cost per case with many open cases against none, in the same invocation. The loop runs with
   * no open case, then the open cases are filled in (OpenCasesFill), checked through the engine, and the loop runs
   * again; each time the tables' sequential scans are counted over the loop alone and traced to its statements.
   */
  private void openCasesLoop(BenchmarkDatabase database, Machine machine, AidFlowCases aidFlow) throws Exception {
    int fill = settings.openCasesFill();
    results.line("%nopen cases: the full loop (AidFlow) with no open case, then with %,d open cases", fill);
    if (!settings.parts().contains("loops")) {
      results.line("  warming up, %d s with 4 clients", settings.warmUp().toSeconds());
      ClosedLoop.warmUp(AIDFLOW, 4, settings.warmUp(), aidFlow);
    }
    long openBefore = aidFlow.openCases();
    LoopPhase none = loopPhase(database, machine, aidFlow, "no open case", openBefore, null);

    results.line("  filling %,d open cases", fill);
    OpenCasesFill.Result r = new OpenCasesFill(aidFlow, database.dataSource(AidFlowCases.DATABASE)).fill(fill);
    double fillSeconds = (r.templateMillis() + r.copyMillis() + r.vacuumMillis()) / 1000.0;
    results.line("  filled in %.1f s: %s; templates through the engine %.1f s, %,d rows copied in %.1f s, VACUUM"
            + " ANALYZE %.1f s", fillSeconds, OpenCasesFill.describe(r), r.templateMillis() / 1000.0, r.rows(),
        r.copyMillis() / 1000.0, r.vacuumMillis() / 1000.0);
    results.line("  rows copied by table: %s", r.rowsByTable().entrySet().stream().sorted(
        Map.Entry.<String, Long>comparingByValue().reversed()).map(e -> e.getKey() + " " + e.getValue())
        .collect(java.util.stream.Collectors.joining(", ")));
    results.figure("open_cases.fill_seconds", fillSeconds, "s", null);
    results.figure("open_cases.rows_copied", r.rows(), "rows", null);
    long open = checkOpenCases(aidFlow, r, openBefore + fill);

    LoopPhase with = loopPhase(database, machine, aidFlow, String.format(java.util.Locale.ROOT, "%,d open cases",
        open), open, none);
    results.line("%nopen cases: the loop with %,d open cases against none (median of %d rounds)", open,
        settings.rounds());
    results.line("%8s %12s %12s %14s %14s %12s", "clients", "cases/s none", "cases/s open", "CPU ms none",
        "CPU ms open", "CPU ratio");
    for (int clients : settings.clients()) {
      double noneRate = median(none.measured().get(clients)).perSecond();
      double openRate = median(with.measured().get(clients)).perSecond();
      double noneCpu = cpuPerCase(none.measured().get(clients));
      double openCpu = cpuPerCase(with.measured().get(clients));
      double ratio = openCpu / noneCpu;
      results.line("%8d %12.1f %12.1f %14.1f %14.1f %12.2f   goal <= 1.2: %s", clients, noneRate, openRate, noneCpu,
          openCpu, ratio, ratio <= 1.2 ? "met" : "MISSED");
      String c = ".clients_" + clients;
      results.figure("open_cases.cases_per_second.none" + c, noneRate, "cases/s", null);
      results.figure("open_cases.cases_per_second.open" + c, openRate, "cases/s", openRate / noneRate);
      results.figure("open_cases.cpu_per_case.none" + c, noneCpu, "ms", null);
      results.figure("open_cases.cpu_per_case.open" + c, openCpu, "ms", ratio);
    }
    results.fact("open_cases.open", Long.toString(open));
  }

  /** One phase of the open-cases part: its windows, and the tables' scan counters around them. */
  private record LoopPhase(Map<Integer, List<ClosedLoop.Measurement>> measured, Map<String, long[]> scansAfter) {
  }

  private LoopPhase loopPhase(BenchmarkDatabase database, Machine machine, AidFlowCases aidFlow, String name,
      long open, LoopPhase earlier) throws Exception {
    results.line("%n  the loop with %s, %d rounds", name, settings.rounds());
    // each phase on connections opened on the tables as they are now (the fill grows them tenfold and more)
    renewConnections(AIDFLOW, aidFlow, aidFlow::renewConnections);
    database.awaitStatisticsFlushed(AidFlowCases.DATABASE);
    Map<String, long[]> before = database.tableScans(AidFlowCases.DATABASE);
    long loopsBefore = aidFlow.loopsRun();
    long resolvedBefore = aidFlow.casesClosedResolved();
    database.resetStatements();
    Map<Integer, List<ClosedLoop.Measurement>> measured = new LinkedHashMap<>();
    database.autovacuum(false);
    for (int round = 1; round <= settings.rounds(); round++) {
      for (int clients : settings.clients()) {
        database.beforeWindow(AidFlowCases.DATABASE);
        ClosedLoop.Measurement m = ClosedLoop.measure(AIDFLOW + " (" + name + ")", clients, settings.rampUp(),
            settings.measure(), aidFlow, machine, AidFlowCases.DATABASE, null);
        measured.computeIfAbsent(clients, c -> new ArrayList<>()).add(m);
        results.round(m, round);
        results.line("    round %d, %2d clients %8.1f cases/s  %s; load %s", round, clients, m.perSecond(),
            m.cpuPerCaseText(), m.loadAverage());
      }
    }
    database.autovacuum(true);
    // the statements of the windows and ramp-ups, read before the checks below add theirs
    double[] totals = database.statementTotals(AidFlowCases.DATABASE);
    List<BenchmarkDatabase.Statement> costliest = database.statements(AidFlowCases.DATABASE, 16);
    long cases = aidFlow.loopsRun() - loopsBefore;
    long resolved = aidFlow.casesClosedResolved() - resolvedBefore;
    if (resolved != cases || aidFlow.openCases() != open) {
      throw new IllegalStateException("the loop ran " + cases + " cases, " + resolved + " closed RESOLVED, "
          + aidFlow.openCases() + " open instead of " + open);
    }
    database.awaitStatisticsFlushed(AidFlowCases.DATABASE);
    Map<String, long[]> after = database.tableScans(AidFlowCases.DATABASE);
    results.line("    sequential scans during the loop (%d cases, ramp-ups included; rows now, and at the end of the"
        + " phase before):", cases);
    double rowsPerCase = listScansBetween(database, before, after, cases, earlier == null ? null : earlier.scansAfter(),
        "      ");
    pagesAndWal("    PostgreSQL per case, ramp-ups included:", totals, cases);
    // which statements cost more with the open cases: compare the two phases' listings
    if (!costliest.isEmpty()) {
      listStatements("    costliest statements in the windows, ramp-ups and the application's metrics readings"
          + " included: ms and calls per case, query", costliest, cases);
    }
    String key = earlier == null ? "none" : "open";
    results.figure("open_cases.seq_scan_rows_read_per_case." + key, rowsPerCase, "rows", null);
    return new LoopPhase(measured, after);
  }

  /**
   * AidFlow's tables read by sequential scans between two readings of the counters, most rows first, per case of the
   * cases run between them; for a table of 1,000 rows or more, the statements whose plan for any values reads it so.
   * Returns the rows read by sequential scans per case.
   */
  private double listScansBetween(BenchmarkDatabase database, Map<String, long[]> before, Map<String, long[]> after,
      long cases, Map<String, long[]> earlier, String indent) {
    List<Map.Entry<String, long[]>> scanned = new ArrayList<>();
    after.forEach((table, a) -> {
      long[] b = before.getOrDefault(table, new long[4]);
      if (a[0] > b[0]) {
        scanned.add(Map.entry(table, new long[] {a[0] - b[0], a[1] - b[1], a[2] - b[2], a[3]}));
      }
    });
    scanned.sort((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]));
    if (scanned.isEmpty()) {
      results.line("%snone", indent);
    }
    for (Map.Entry<String, long[]> t : scanned) {
      long[] d = t.getValue();
      long[] previous = earlier == null ? null : earlier.get(t.getKey());
      results.line("%s%-28s %7d seq scans (%.2f per case) read %11d rows (%.0f per scan); %8d index scans;"
              + " %9d rows%s", indent, t.getKey(), d[0], d[0] / (double) Math.max(1, cases), d[1], d[1] / (double) d[0],
          d[2], d[3], previous == null ? "" : String.format(java.util.Locale.ROOT, " (%d before)", previous[3]));
      if (d[3] >= 1_000) {
        for (String statement : database.statementsScanning(AidFlowCases.DATABASE, t.getKey(), 4)) {
          results.line("%s  %s", indent, statement);
        }
      }
    }
    return scanned.stream().mapToLong(t -> t.getValue()[1]).sum() / (double) Math.max(1, cases);
  }

  /**
   * The engine agrees with the fill: instances and tasks by step through the Java API, the tasks a union caseworker
   * sees through the authorizations, AidFlow's case rows; and one copy of each template is taken to its end.
   */
  private long checkOpenCases(AidFlowCases aidFlow, OpenCasesFill.Result r, long expectedOpen) throws Exception {
    Map<AidFlowCases.Step, Long> byStep = new java.util.EnumMap<>(AidFlowCases.Step.class);
    r.templates().forEach(t -> byStep.merge(t.step(), (long) t.cases(), Long::sum));
    var runtime = aidFlow.runtimeService();
    var tasks = aidFlow.taskService();
    long cases = aidFlow.openCases();
    long referrals = runtime.createProcessInstanceQuery().processDefinitionKey(
        org.aidflow.shared.ReferralModel.PROCESS_KEY).count();
    long verify = tasks.createTaskQuery().taskDefinitionKey(org.aidflow.shared.AidCaseModel.VERIFY_CASE).count();
    long accept = tasks.createTaskQuery().taskDefinitionKey(org.aidflow.shared.ReferralModel.ACCEPT_REFERRAL).count();
    long plan = tasks.createTaskQuery().taskDefinitionKey(org.aidflow.shared.ReferralModel.PLAN_ASSISTANCE).count();
    long seenVerify = aidFlow.asCaseworker(() -> tasks.createTaskQuery()
        .taskDefinitionKey(org.aidflow.shared.AidCaseModel.VERIFY_CASE).count());
    long seenPlan = aidFlow.asCaseworker(() -> tasks.createTaskQuery()
        .taskDefinitionKey(org.aidflow.shared.ReferralModel.PLAN_ASSISTANCE).count());
    long registered = aidFlow.jdbc().queryForObject("SELECT COUNT(*) FROM aid_case a JOIN act_ru_execution e"
        + " ON e.id_ = a.process_instance_id WHERE a.status <> 'CLOSED'", Long.class);
    long distinctHashes = aidFlow.jdbc().queryForObject("SELECT COUNT(DISTINCT open_id_number_hash) FROM aid_case"
        + " WHERE open_id_number_hash IS NOT NULL", Long.class);
    long verifyExpected = byStep.getOrDefault(AidFlowCases.Step.VERIFY, 0L);
    long acceptExpected = byStep.getOrDefault(AidFlowCases.Step.ACCEPT, 0L);
    long planExpected = byStep.getOrDefault(AidFlowCases.Step.PLAN, 0L);
    results.line("  the engine's count (expected): case instances %d (%d), referral instances %d (%d), tasks"
            + " verifyCase %d (%d), acceptReferral %d (%d), planAssistance %d (%d); seen by a union caseworker:"
            + " verifyCase %d, planAssistance %d; open aid_case rows with their instance %d; open person hashes %d",
        cases, expectedOpen, referrals, acceptExpected + planExpected, verify, verifyExpected, accept, acceptExpected,
        plan, planExpected, seenVerify, seenPlan, registered, distinctHashes);
    boolean agrees = cases == expectedOpen && referrals == acceptExpected + planExpected && verify == verifyExpected
        && accept == acceptExpected && plan == planExpected && seenVerify == verifyExpected && seenPlan == planExpected
        && registered == expectedOpen && distinctHashes == expectedOpen;
    // one copy of each template, taken to its end as the loop takes a case
    List<String> finished = new ArrayList<>();
    for (OpenCasesFill.Template t : r.templates()) {
      if (t.cases() < 2) {
        continue;
      }
      String number = t.copyNumber(1);
      String instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(number)
          .processDefinitionKey(org.aidflow.shared.AidCaseModel.PROCESS_KEY).singleResult().getId();
      aidFlow.finishCase(instance, number, t.step());
      String status = aidFlow.jdbc().queryForObject("SELECT status || ' ' || COALESCE(closure_reason, '') FROM aid_case"
          + " WHERE case_number = ?", String.class, number);
      finished.add(number + " from " + t.step() + ": " + status);
      agrees &= status.equals("CLOSED RESOLVED");
    }
    results.line("  copies taken to their end: %s", String.join("; ", finished));
    if (!agrees) {
      throw new IllegalStateException("the engine does not agree with the filled open cases (see above)");
    }
    return aidFlow.openCases();
  }

  /** How fast Camunda's history cleanup removes closed cases, to size its nightly window. */
  private void historyCleanup(AidFlowCases aidFlow) {
    // the models' historyTimeToLive: ten years (processes/*.bpmn)
    AidFlowCases.Cleanup c = aidFlow.cleanUpExpiredHistory(Duration.ofDays(3650));
    long removed = c.instancesBefore() - c.instancesAfter();
    results.line("%nhistory cleanup after the time to live: %d ended process instances (cases, referrals, any"
            + " escalations) and %d history rows removed in %.1f s by %d runs of the cleanup job: %.0f instances/s,"
            + " %.0f rows/s; %d instances left", removed, c.historyRowsBefore() - c.historyRowsAfter(), c.seconds(),
        c.jobRuns(), removed / c.seconds(), (c.historyRowsBefore() - c.historyRowsAfter()) / c.seconds(),
        c.instancesAfter());
    results.figure("history_cleanup.instances_per_second", removed / c.seconds(), "instances/s", null);
    results.figure("history_cleanup.rows_per_second", (c.historyRowsBefore() - c.historyRowsAfter()) / c.seconds(),
        "rows/s", null);
  }

  /** The cockpit's indicators over a million synthetic cases: goal p95 below 500 ms. */
  private void cockpitIndicators(AidFlowCases aidFlow, String jdbcUrl, Machine machine) throws Exception {
    results.line("%ncockpit: loading %,d synthetic cases over %d months into the projections", settings.cockpitCases(),
        settings.cockpitMonths());
    long loadMillis = CockpitIndicatorsLoad.load(jdbcUrl, settings.cockpitCases(), settings.cockpitMonths());
    results.line("  loaded in %.1f s (COPY, then VACUUM ANALYZE)", loadMillis / 1000.0);
    results.figure("cockpit.load_seconds", loadMillis / 1000.0, "s", null);
    aidFlow.createCockpitUser(CockpitIndicatorsLoad.SUPERVISOR, Groups.SUPERVISORS);
    aidFlow.createCockpitUser(CockpitIndicatorsLoad.UNION_LEAD, "union-33-supervisors");
    CockpitIndicatorsLoad cockpit = new CockpitIndicatorsLoad(aidFlow.port());
    cockpit.measure(AidFlowCases.PASSWORD, 3);
    Machine.Cpu before = machine.cpu();
    Map<String, List<Double>> latencies = cockpit.measure(AidFlowCases.PASSWORD, settings.cockpitRounds());
    Machine.Cpu used = machine.cpu().since(before);
    results.line("GET /api/cockpit/indicators, one client, %d rounds of %d filters (after 3 warm-up rounds)",
        settings.cockpitRounds(), latencies.size());
    for (Map.Entry<String, List<Double>> filter : latencies.entrySet()) {
      results.line("  %-40s p50 %7.1f ms, p95 %7.1f ms, max %7.1f ms", filter.getKey(),
          CockpitIndicatorsLoad.percentile(filter.getValue(), 50), CockpitIndicatorsLoad.percentile(filter.getValue(), 95),
          CockpitIndicatorsLoad.percentile(filter.getValue(), 100));
    }
    List<Double> all = CockpitIndicatorsLoad.all(latencies);
    double p50 = CockpitIndicatorsLoad.percentile(all, 50);
    double p95 = CockpitIndicatorsLoad.percentile(all, 95);
    results.figure("cockpit.indicators.p50", p50, "ms", null);
    results.figure("cockpit.indicators.p95", p95, "ms", p95 / 500.0);
    results.fact("cockpit.cases", Integer.toString(settings.cockpitCases()));
    results.line("  all calls: p50 %.1f ms, p95 %.1f ms; CPU per call: JVM %.1f ms + PostgreSQL %.1f ms; other"
        + " processes %.2f cores", p50, p95, used.jvmNanos() / 1e6 / all.size(), used.postgresNanos() / 1e6 / all.size(),
        used.otherCores());
    results.line("  goal p95 < 500 ms: %s (%.1f ms)", p95 < 500 ? "met" : "MISSED", p95);
  }

  private void heapWithOpenCases(AidFlowCases aidFlow, long maxHeap, MemoryUsage noOpenCases) throws Exception {
    long open = aidFlow.openCases();
    results.line("%nheap: opening %d more cases (%d already open from the HTTP intake), 4 clients",
        Math.max(0, settings.openCases() - open), open);
    aidFlow.startOpenCases((int) Math.max(0, settings.openCases() - open), 4);
    open = aidFlow.openCases();
    MemoryUsage heap = heapAfterGc();
    results.line("  no open case: heap used %.1f MiB after full GC", noOpenCases.getUsed() / MIB);
    results.line("  %d open cases: heap used %.1f MiB after full GC (committed %.1f MiB, max %.0f MiB)", open,
        heap.getUsed() / MIB, heap.getCommitted() / MIB, maxHeap / MIB);
    results.figure("heap.used_after_gc.no_open_case", noOpenCases.getUsed() / MIB, "MiB", null);
    results.figure("heap.used_after_gc.open_cases_" + open, heap.getUsed() / MIB, "MiB", heap.getUsed() / 512.0 / MIB);
    results.figure("heap.committed.open_cases_" + open, heap.getCommitted() / MIB, "MiB", null);
    results.figure("heap.max", maxHeap / MIB, "MiB", null);
    authorizations(aidFlow, "with the open cases");
    results.line("  goal %d open cases in < 512 MiB heap: %s", open,
        heap.getUsed() < 512 * MIB && maxHeap <= 512 * MIB ? "met (the JVM ran with -Xmx" + Math.round(maxHeap / MIB)
            + "m throughout)" : heap.getUsed() < 512 * MIB ? "met by heap used (but run with more than 512 MiB max)"
            : "MISSED");
  }

  private static MemoryUsage heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(500);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
  }
}
