package org.aidflow.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * What the benchmark runs and for how long, from system properties ({@code mvn -Pbenchmark verify -Dbenchmark.x=y}).
 * The defaults took about fourteen minutes on 2 cores with a 90 s warm-up; the 240 s one adds five. Settings that
 * tune the engines apply to AidFlow and to the bare engine alike, so that a comparison stays fair; any other Spring
 * property given with -D reaches AidFlow only.
 */
record BenchmarkSettings(
    /** Concurrent clients of the full-loop measurements. */
    List<Integer> clients,
    /** Each side is measured this many times per client count, sides interleaved; the median is reported. */
    int rounds,
    /** Length of one timed measurement. */
    Duration measure,
    /** Untimed running before each timed measurement, so that every client is busy when timing starts. */
    Duration rampUp,
    /** Untimed running of each side before anything is measured (JIT, caches, connection pools). */
    Duration warmUp,
    /** Cases per engine whose database writes are counted to size the JDBC loop. */
    int profileCases,
    int httpClients,
    int httpRequests,
    int httpWarmUpRequests,
    /** Requests per second in all of the steady (open-loop) intake run with httpClients clients. */
    double httpRate,
    /** Open cases (waiting for verification) held when heap is measured. */
    int openCases,
    /** true: the engines' job executors pay out; false: each client executes its own case's job. */
    boolean jobExecutor,
    /** Camunda history level of both engines (AidFlow's configured level is full). */
    String history,
    /** Maximum connections of each engine's pool (AidFlow's postgres profile: 20). */
    int poolSize,
    /** The PostgreSQL driver's reWriteBatchedInserts on every side (AidFlow's postgres profile: true). */
    boolean rewriteBatchedInserts,
    /**
     * true: the bare engine cleans up history by end time, as AidFlow does; false: Camunda's default, which stamps a
     * removal time on every history row when an instance ends (the bare engine of the runs before 5 December 2026).
     */
    boolean bareCleanupByEndTime,
    /**
     * true: the bare engine's busiest runtime tables keep their size through vacuum, as AidFlow's do
     * (ops.RuntimeTablePlans); false: Camunda's default, vacuum cuts them back (the bare engine before 5 December).
     */
    boolean bareRuntimeTablesKeptSized,
    /** PostgreSQL synchronous_commit: on, as production commits (the tests' embedded PostgreSQL runs with off). */
    String synchronousCommit,
    /** PostgreSQL shared_buffers of the database server: 1GB, as docker-compose.yml runs it (PostgreSQL's own: 128MB). */
    String sharedBuffers,
    /** Further settings of the database server, "name=value" separated by ',' (both engines' databases get them). */
    String serverConfig,
    /** SQL run on AidFlow's database after start-up, e.g. an index to measure: statements separated by ';'. */
    List<String> aidflowSql,
    /** Load pg_stat_statements and list each engine's costliest statements (costs a little time on every side). */
    boolean statements,
    /** With statements: how many of each side's most frequent statements are listed. */
    int frequentStatements,
    /** AidFlow's plans draw on this many funds of the union in turn (1: every plan on one fund, as in production). */
    int funds,
    /** Which parts to run: loops, cleanup, openCases, http, heap, cockpit, campaign (experiments with one setting may need one part only). */
    List<String> parts,
    /** Open cases filled in for part openCases (copied from a few templates, not started one by one). */
    int openCasesFill,
    /** Synthetic cases loaded into the cockpit's projections, and over how many months, for part cockpit. */
    int cockpitCases,
    int cockpitMonths,
    /** Timed rounds of indicator calls, each round every filter once. */
    int cockpitRounds,
    Path output) {

  static BenchmarkSettings fromSystemProperties() {
    return new BenchmarkSettings(
        Arrays.stream(property("clients", "1,4,16").split(",")).map(String::trim).map(Integer::valueOf).toList(),
        Integer.parseInt(property("rounds", "3")),
        Duration.ofSeconds(Long.parseLong(property("seconds", "10"))),
        Duration.ofSeconds(Long.parseLong(property("rampUpSeconds", "2"))),
        Duration.ofSeconds(Long.parseLong(property("warmUpSeconds", "240"))),
        Integer.parseInt(property("profileCases", "40")),
        Integer.parseInt(property("httpClients", "32")),
        Integer.parseInt(property("httpRequests", "3000")),
        Integer.parseInt(property("httpWarmUpRequests", "600")),
        Double.parseDouble(property("httpRate", "10")),
        Integer.parseInt(property("openCases", "10000")),
        Boolean.parseBoolean(property("jobExecutor", "false")),
        property("history", "full"),
        Integer.parseInt(property("pool", "20")),
        Boolean.parseBoolean(property("rewriteBatchedInserts", "true")),
        Boolean.parseBoolean(property("bareCleanupByEndTime", "true")),
        Boolean.parseBoolean(property("bareRuntimeTablesKeptSized", "true")),
        property("synchronousCommit", "on"),
        property("sharedBuffers", "1GB"),
        property("serverConfig", ""),
        Arrays.stream(property("aidflowSql", "").split(";")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
        Boolean.parseBoolean(property("statements", "false")),
        Integer.parseInt(property("frequentStatements", "30")),
        Integer.parseInt(property("funds", "1")),
        Arrays.stream(property("parts", "loops,cleanup,http,heap,cockpit").split(",")).map(String::trim).toList(),
        Integer.parseInt(property("openCasesFill", "100000")),
        Integer.parseInt(property("cockpitCases", "1000000")),
        Integer.parseInt(property("cockpitMonths", "24")),
        Integer.parseInt(property("cockpitRounds", "25")),
        Path.of(property("output", "target/benchmark")));
  }

  private static String property(String name, String defaultValue) {
    return System.getProperty("benchmark." + name, defaultValue);
  }

  /** As printed with the results and written to the CSV. */
  String describe() {
    return "clients " + clients + ", " + rounds + " rounds of " + measure.toSeconds() + " s (after "
        + rampUp.toSeconds() + " s ramp-up), history " + history + ", job executor "
        + (jobExecutor ? "on" : "off (clients execute jobs)") + ", pool " + poolSize + ", synchronous_commit " + synchronousCommit
        + ", shared_buffers " + sharedBuffers + (serverConfig.isBlank() ? "" : ", server " + serverConfig)
        + (aidflowSql.isEmpty() ? "" : ", AidFlow SQL " + aidflowSql)
        + (bareRuntimeTablesKeptSized ? "" : ", the bare engine's runtime tables cut back by vacuum")
        + (statements ? ", pg_stat_statements loaded" : "") + (funds > 1 ? ", plans spread over " + funds + " funds" : "")
        + (parts.size() < 5 ? ", parts " + parts : "")
        + (parts.contains("openCases") ? ", " + openCasesFill + " open cases filled in" : "")
        + (parts.contains("cockpit") ? ", cockpit " + cockpitCases + " cases over " + cockpitMonths + " months" : "");
  }
}
