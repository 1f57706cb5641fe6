package org.aidflow.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The figures of a run: printed as they come, then written as CSV files (metric, value, unit, ratio). */
final class Results {

  private final List<List<String>> figures = new ArrayList<>();
  private final List<List<String>> rounds = new ArrayList<>();
  private final List<List<String>> tables = new ArrayList<>();
  private final StringBuilder report = new StringBuilder();

  /** A measured figure; {@code ratio} (may be null) relates it to what the metric's name says. */
  void figure(String metric, double value, String unit, Double ratio) {
    figures.add(List.of(metric, format(value), unit, ratio == null ? "" : format(ratio)));
  }

  /** A fact about the run (date, machine, settings), written with the figures. */
  void fact(String metric, String value) {
    figures.add(List.of(metric, value, "", ""));
  }

  void round(ClosedLoop.Measurement m, int round) {
    rounds.add(List.of(m.side(), Integer.toString(m.clients()), Integer.toString(round), Integer.toString(m.cases()),
        format(m.window().toMillis() / 1000.0), format(m.perSecond()), format(m.jvmCpuMillisPerCase()),
        format(m.jitCpuMillisPerCase()), format(m.gcCpuMillisPerCase()), format(m.postgresCpuMillisPerCase()),
        format(m.cpu().otherCores()), format(m.cpu().otherDatabasesCores()), format(m.lockWaitingSessions()),
        m.loadAverage()));
  }

  void tableWrites(String side, String table, double inserted, double updated, double deleted) {
    tables.add(List.of(side, table, format(inserted), format(updated), format(deleted)));
  }

  /** A line of the printed report. */
  void line(String format, Object... arguments) {
    String line = String.format(Locale.ROOT, format, arguments);
    report.append(line).append('\n');
    System.out.println(line);
    System.out.flush();
  }

  String report() {
    return report.toString();
  }

  void write(Path directory) throws IOException {
    Files.createDirectories(directory);
    write(directory.resolve("results.csv"), List.of("metric", "value", "unit", "ratio"), figures);
    write(directory.resolve("rounds.csv"), List.of("side", "clients", "round", "cases", "seconds", "cases_per_s",
        "jvm_cpu_ms_per_case", "jit_cpu_ms_per_case", "gc_cpu_ms_per_case", "postgres_cpu_ms_per_case",
        "other_processes_cores", "postgres_other_databases_cores", "sessions_waiting_for_locks", "load_average"),
        rounds);
    write(directory.resolve("rows-per-case.csv"), List.of("side", "table", "inserted", "updated", "deleted"), tables);
    Files.writeString(directory.resolve("report.txt"), report, StandardCharsets.UTF_8);
  }

  private static void write(Path file, List<String> header, List<List<String>> rows) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(String.join(",", header));
    rows.forEach(row -> lines.add(row.stream().map(Results::csv).collect(Collectors.joining(","))));
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  private static String csv(String value) {
    return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
  }

  static String format(double value) {
    return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%.1f" : "%.3f", value);
  }
}
