package org.aidflow.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's {@code healthcheck} of docker-compose.yml, run as Docker runs it inside the container: the
 * {@code CMD} form as it stands, the {@code CMD-SHELL} form (or a plain string) by {@code sh -c}, with the
 * container's environment and the image's {@code PATH}, killed after the check's {@code timeout}.
 *
 * <p>It knows what the {@code eclipse-temurin} JRE image provides (its {@code java}, {@code sh} and GNU coreutils;
 * Adoptium took curl and wget out) and names the programs a check needs that the image lacks: on this machine curl
 * may well be installed, in the container it is not.
 */
public final class ComposeHealthCheck {

  /** The programs of the eclipse-temurin JRE image a health check may call: the JRE's java, dash as sh, coreutils. */
  public static final Set<String> TEMURIN_JRE_PROGRAMS = Set.of("java", "sh",
      "[", "arch", "b2sum", "base32", "base64", "basename", "basenc", "cat", "chcon", "chgrp", "chmod", "chown",
      "chroot", "cksum", "comm", "cp", "csplit", "cut", "date", "dd", "df", "dir", "dircolors", "dirname", "du", "echo",
      "env", "expand", "expr", "factor", "false", "fmt", "fold", "groups", "head", "hostid", "id", "install", "join",
      "link", "ln", "logname", "ls", "md5sum", "mkdir", "mkfifo", "mknod", "mktemp", "mv", "nice", "nl", "nohup",
      "nproc", "numfmt", "od", "paste", "pathchk", "pinky", "pr", "printenv", "printf", "ptx", "pwd", "readlink",
      "realpath", "rm", "rmdir", "runcon", "seq", "sha1sum", "sha224sum", "sha256sum", "sha384sum", "sha512sum",
      "shred", "shuf", "sleep", "sort", "split", "stat", "stdbuf", "stty", "sum", "sync", "tac", "tail", "tee", "test",
      "timeout", "touch", "tr", "true", "truncate", "tsort", "tty", "uname", "unexpand", "uniq", "unlink", "users",
      "vdir", "wc", "who", "whoami", "yes");
  /** What sh does itself, without a program. */
  private static final Set<String> SHELL_BUILTINS = Set.of("exit", ":", ".", "cd", "command", "eval", "exec",
      "export", "read", "return", "set", "shift", "trap", "unset", "wait");
  /** Where a simple command ends in a shell line: ;, &&, ||, |, &, newline, parentheses, braces. */
  private static final Pattern COMMAND_SEPARATOR = Pattern.compile("&&|\\|\\||[;|&\\n(){}]");
  /** Builtins and programs that run the program named after them (and their options, a duration or a count). */
  private static final Set<String> WRAPPERS = Set.of("exec", "command", "env", "nice", "nohup", "stdbuf", "timeout");
  private static final Pattern WRAPPER_ARGUMENT = Pattern.compile("\\d+(\\.\\d+)?[smhd]?");
  private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*");
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h)");

  private final List<String> argv;
  private final String script;
  private final Duration timeout;

  private ComposeHealthCheck(List<String> argv, String script, Duration timeout) {
    this.argv = List.copyOf(argv);
    this.script = script;
    this.timeout = timeout;
  }

  /**
   * The check of a service's {@code healthcheck} section, with some literal parts replaced wherever they occur (e.g.
   * the container's jar path and port by this machine's).
   */
  @SuppressWarnings("unchecked")
  public static ComposeHealthCheck of(Map<String, Object> healthcheck, Map<String, String> replacements) {
    Object test = healthcheck.get("test");
    List<String> argv;
    String script = null;
    if (test instanceof String line) {
      script = line;
      argv = List.of("sh", "-c", line);
    } else if (test instanceof List<?> list && !list.isEmpty()) {
      List<String> parts = (List<String>) list;
      String form = parts.get(0);
      if (form.equals("CMD") && parts.size() > 1) {
        argv = parts.subList(1, parts.size());
        if (argv.size() == 3 && argv.get(0).equals("sh") && argv.get(1).equals("-c")) {
          script = argv.get(2);
        }
      } else if (form.equals("CMD-SHELL") && parts.size() == 2) {
        script = parts.get(1);
        argv = List.of("sh", "-c", script);
      } else {
        throw new AssertionError("a health check is [\"CMD\", program, args...] or [\"CMD-SHELL\", line]: " + test);
      }
    } else {
      throw new AssertionError("no health check test: " + test);
    }
    List<String> replaced = new ArrayList<>();
    for (String part : argv) {
      for (Map.Entry<String, String> replacement : replacements.entrySet()) {
        part = part.replace(replacement.getKey(), replacement.getValue());
      }
      replaced.add(part);
    }
    Object timeout = healthcheck.getOrDefault("timeout", "30s");
    return new ComposeHealthCheck(replaced, script, duration(String.valueOf(timeout)));
  }

  /** The programs the check starts (a shell line read as sh reads simple commands), sorted. */
  public Set<String> programs() {
    Set<String> programs = new TreeSet<>(programsOf(argv));
    if (script != null) {
      if (script.contains("$(") || script.contains("`")) {
        throw new AssertionError("command substitution in a health check is not read here: " + script);
      }
      for (String command : COMMAND_SEPARATOR.split(script)) {
        List<String> words = new ArrayList<>();
        for (String word : command.trim().split("\\s+")) {
          words.add(word.replace("\"", "").replace("'", ""));
        }
        programs.addAll(programsOf(words));
      }
    }
    return programs;
  }

  /** The program a simple command runs, after variable assignments; and the one a wrapper (timeout 3 curl) runs. */
  private static Set<String> programsOf(List<String> words) {
    Set<String> programs = new TreeSet<>();
    boolean afterWrapper = false;
    for (String word : words) {
      if (word.isEmpty() || word.equals("!") || ASSIGNMENT.matcher(word).matches()
          || afterWrapper && (word.startsWith("-") || WRAPPER_ARGUMENT.matcher(word).matches())) {
        continue;
      }
      String program = fileName(word);
      if (!SHELL_BUILTINS.contains(program)) {
        programs.add(program);
      }
      afterWrapper = WRAPPERS.contains(program);
      if (!afterWrapper) {
        break;
      }
    }
    return programs;
  }

  /** The programs the check starts that the Temurin JRE image does not have. */
  public Set<String> programsMissingFromTheImage() {
    Set<String> missing = new TreeSet<>(programs());
    missing.removeAll(TEMURIN_JRE_PROGRAMS);
    return missing;
  }

  public Duration timeout() {
    return timeout;
  }

  public List<String> argv() {
    return argv;
  }

  /**
   * Runs the check with the container's environment; {@code java} on the PATH is this JVM's, as the image's is
   * first on its PATH. The answer's exit code is -1 if the check ran longer than its timeout (Docker counts that as
   * a failure).
   */
  public Result run(Map<String, String> containerEnvironment) {
    Path javaHome = Path.of(System.getProperty("java.home"));
    String path = javaHome.resolve("bin") + ":/usr/local/bin:/usr/bin:/bin";
    List<String> commandLine = new ArrayList<>(argv);
    // ProcessBuilder looks programs up on this JVM's PATH; Docker on the container's
    commandLine.set(0, onPath(argv.get(0), path));
    ProcessBuilder builder = new ProcessBuilder(commandLine).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(containerEnvironment);
    builder.environment().put("JAVA_HOME", javaHome.toString());
    builder.environment().put("PATH", path);
    long started = System.nanoTime();
    try {
      Process process = builder.start();
      boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        process.destroyForcibly().waitFor();
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return new Result(finished ? process.exitValue() : -1, output, Duration.ofNanos(System.nanoTime() - started));
    } catch (IOException e) {
      throw new UncheckedIOException("could not run the health check " + argv, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Compose's durations as health checks write them: 5s, 1m30s, 500ms. */
  static Duration duration(String text) {
    Matcher part = DURATION_PART.matcher(text);
    Duration duration = Duration.ZERO;
    int end = 0;
    while (part.find() && part.start() == end) {
      long amount = Long.parseLong(part.group(1));
      duration = duration.plus(switch (part.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofHours(amount);
      });
      end = part.end();
    }
    if (end == 0 || end != text.length()) {
      throw new AssertionError("not a Compose duration: " + text);
    }
    return duration;
  }

  private static String onPath(String program, String path) {
    if (program.contains("/")) {
      return program;
    }
    for (String directory : path.split(":")) {
      Path candidate = Path.of(directory, program);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return candidate.toString();
      }
    }
    throw new AssertionError(program + " is not on the PATH " + path);
  }

  private static String fileName(String program) {
    return program.substring(program.lastIndexOf('/') + 1);
  }

  @Override
  public String toString() {
    return String.join(" ", argv);
  }

  /** How a run of the check ended: Docker counts exit code 0 as healthy. */
  public record Result(int exitCode, String output, Duration took) {
  }
}
