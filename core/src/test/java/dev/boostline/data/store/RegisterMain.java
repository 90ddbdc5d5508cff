package dev.boostline.data.store;

import dev.boostline.data.CsvOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child-process entry point for the crash-safety and concurrency tests, and the parent's handle
 * on such a child.
 *
 * <p>{@code RegisterMain [--wait-for FILE] HOME NAME CSV} registers {@code CSV} as the next version
 * of {@code NAME} in the store of {@code HOME}. It prints {@value #STARTED} (flushed) right before
 * registering, then {@code version=N created=true|false}, and exits 0; any failure escapes {@code
 * main} and exits non-zero. With {@code --wait-for FILE} it first prints {@value #WAITING} and
 * waits (up to a minute) for {@code FILE} to exist, so that children whose JVMs are up can be
 * released at the same instant.
 */
public final class RegisterMain {
  /** The line printed right before the registration starts. */
  public static final String STARTED = "registering";

  /** The line printed when waiting for the gate file. */
  public static final String WAITING = "waiting";

  private RegisterMain() {}

  public static void main(String[] args) throws Exception {
    List<String> rest = List.of(args);
    if (rest.size() >= 2 && rest.get(0).equals("--wait-for")) {
      Path gate = Path.of(rest.get(1));
      rest = rest.subList(2, rest.size());
      System.out.println(WAITING);
      System.out.flush();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      while (!Files.exists(gate)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("gate " + gate + " never opened");
        }
        Thread.sleep(1);
      }
    }
    if (rest.size() != 3) {
      System.err.println("usage: RegisterMain [--wait-for FILE] HOME NAME CSV");
      System.exit(2);
    }
    DatasetStore store = DatasetStore.open(Path.of(rest.get(0)));
    System.out.println(STARTED);
    System.out.flush();
    Registration r =
        store.register(
            rest.get(1),
            Path.of(rest.get(2)),
            CsvOptions.defaults(),
            java.util.Optional.empty(),
            RegisterOptions.defaults());
    System.out.println("version=" + r.manifest().version() + " created=" + r.created());
    System.out.flush();
  }

  /**
   * Writes a CSV of {@code rows} rows: ten decimal columns {@code x0..x9} and a categorical column
   * {@code cat} with 12 levels, all drawn from {@code seed}. Different seeds give different
   * content.
   */
  public static Path writeCsv(Path file, int rows, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder sb = new StringBuilder(rows * 72 + 64);
    for (int j = 0; j < 10; j++) {
      sb.append('x').append(j).append(',');
    }
    sb.append("cat\n");
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < 10; j++) {
        sb.append(random.nextInt(10_000)).append('.').append(random.nextInt(100, 1000)).append(',');
      }
      sb.append("level").append(random.nextInt(12)).append('\n');
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, sb, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /**
   * A running child JVM; its output lines (stdout and stderr merged) are collected as they come.
   */
  public static final class Child {
    private final Process process;
    private final LinkedBlockingQueue<String> pending = new LinkedBlockingQueue<>();
    private final List<String> output = new ArrayList<>();
    private final Thread reader;

    private Child(Process process) {
      this.process = process;
      this.reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = in.readLine()) != null) {
                    synchronized (output) {
                      output.add(line);
                    }
                    pending.add(line);
                  }
                } catch (IOException e) {
                  // The child was killed; what it printed so far is kept.
                }
              },
              "child-output-" + process.pid());
      reader.setDaemon(true);
      reader.start();
    }

    /** Starts {@code RegisterMain} in a new JVM with the current {@code java} and class path. */
    public static Child start(String... args) {
      List<String> command = new ArrayList<>();
      command.add(javaBinary());
      command.add("-Xmx1g");
      command.add("-XX:+UseSerialGC");
      command.add("-XX:TieredStopAtLevel=1"); // a short-lived JVM: C1 only starts faster
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(RegisterMain.class.getName());
      command.addAll(List.of(args));
      try {
        return new Child(new ProcessBuilder(command).redirectErrorStream(true).start());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + command, e);
      }
    }

    private static String javaBinary() {
      return ProcessHandle.current()
          .info()
          .command()
          .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * Waits for the child to print {@code line}.
     *
     * @throws AssertionError when it exits or times out first
     */
    public void awaitLine(String line, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        long left = deadline - System.nanoTime();
        String next = pending.poll(Math.max(0, Math.min(left, 50_000_000L)), TimeUnit.NANOSECONDS);
        if (line.equals(next)) {
          return;
        }
        if (next == null && (!reader.isAlive() && pending.isEmpty() || left <= 0)) {
          throw new AssertionError(
              "child "
                  + process.pid()
                  + " did not print \""
                  + line
                  + "\" ("
                  + (process.isAlive() ? "timed out" : "exited " + process.exitValue())
                  + "); output:\n"
                  + output());
        }
      }
    }

    /**
     * Kills the child with SIGKILL (no shutdown hooks, no finally blocks), waits for it and returns
     * its exit code (its own when it had already exited).
     */
    public int kill() throws InterruptedException {
      process.destroyForcibly();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError("child " + process.pid() + " survived SIGKILL");
      }
      return process.exitValue();
    }

    /** Kills the child if it is still running. */
    public void destroy() throws InterruptedException {
      if (process.isAlive()) {
        kill();
      }
    }

    /** Waits for the child to exit and returns its exit code; kills it on time-out. */
    public int awaitExit(Duration timeout) throws InterruptedException {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill();
        throw new AssertionError("child " + process.pid() + " timed out; output:\n" + output());
      }
      return process.exitValue();
    }

    /** The version it printed, or -1 when it printed none. */
    public int printedVersion() {
      return printed("version=");
    }

    /** Whether it printed {@code created=true}. */
    public boolean printedCreated() {
      return printed("created=") == 1;
    }

    private int printed(String key) {
      for (String line : outputLines()) {
        for (String word : line.split(" ")) {
          if (word.startsWith(key)) {
            String v = word.substring(key.length());
            return v.equals("true") ? 1 : v.equals("false") ? 0 : Integer.parseInt(v);
          }
        }
      }
      return -1;
    }

    private List<String> outputLines() {
      if (!process.isAlive()) {
        try {
          reader.join(5_000); // it may still be draining the pipe right after the exit
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      synchronized (output) {
        return List.copyOf(output);
      }
    }

    /** Everything printed so far. */
    public String output() {
      return String.join("\n", outputLines());
    }
  }
}
