package dev.causeway.v2.interop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.crypto.PrivKey;
import dev.causeway.libp2p.interop.JsLibp2pPeer;
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
 * Test support: an independent Waku v2 relay node (js-waku, the {@code @waku/sdk} 0.0.27 line with
 * {@code @waku/relay} 0.0.14 and {@code @waku/core} 0.0.31 on js-libp2p 1.9, pinned in {@code
 * src/test/js/waku-relay-peer/package-lock.json}) running as a Node.js child process on 127.0.0.1.
 *
 * <p>The node ({@code relay.mjs}) is built the way the sdk's {@code createRelayNode} builds one:
 * gossipsub under {@code /vac/waku/relay/2.0.0} (StrictNoSign, message id SHA-256 of the data), the
 * Waku metadata protocol, identify and ping, Noise, mplex. It always listens on ephemeral TCP and
 * WebSocket ports (unless told otherwise), may dial one or more loopback multiaddrs, relays the
 * given pubsub topics and reports everything it sees as one JSON object per stdout line. This class
 * turns those lines into events ({@code Map<String, Object>} with at least an {@code "event"} key)
 * and lets a test wait for them; it also sends commands ({@code publish}, {@code peers}, {@code
 * mesh}, {@code metadata}, {@code bench}, ...) to the node's stdin. The event and command protocol
 * and the js-waku behaviours a peer must match are documented in {@code
 * src/test/js/waku-relay-peer/README.md}. Spec: v2-message-relay-sharding.md §1 (stack), §2
 * (WakuMessage), §3 (hash), §5 (relay), §6 (sharding), §7 (metadata).
 *
 * <p>Identity keys are libp2p {@code PrivateKey} protobufs in hex (Ed25519 or secp256k1), as {@link
 * PrivKey#marshal()} returns them; {@link #keyHex(PrivKey)} converts.
 *
 * <p>Before the first node starts, {@link #ensureInstalled()} runs {@code npm ci} in the fixture
 * folder (once per JVM, and only when the lock file changed since the last successful install). If
 * {@code node} or {@code npm} is missing the calling test is skipped with a loud message, except
 * when the environment variable {@code CI} is {@code true}: then it fails.
 *
 * <p>Not thread-safe for concurrent waiters: one test thread calls the {@code await} methods.
 */
public final class JsWakuRelayPeer implements AutoCloseable {

  /*
   * Design: the same shape as JsLibp2pPeer in the libp2p test-jar (whose process plumbing is
   * private to its own fixture folder): a reader thread parses stdout lines and puts events on a
   * blocking queue; the test thread moves them into `history` while it waits, so nothing is lost
   * and waits never sleep. awaitEvent keeps one cursor per event name: two calls for "message"
   * return the first and then the second one. run() sends a command and waits for the result event
   * that names that command line, failing early on an "error" event for it. When the process ends,
   * the reader adds a synthetic "process-exit" event, and a wait for anything that has not
   * happened fails at once with the whole event history and the stderr tail.
   *
   * The npm install is guarded by a stamp file in node_modules that holds the SHA-256 of
   * package.json + package-lock.json, so repeated runs (and offline runs) do not reinstall.
   */

  /** The relay protocol id js-waku's gossipsub speaks (and the only one it speaks). */
  public static final String RELAY_PROTOCOL = "/vac/waku/relay/2.0.0";

  /** The metadata protocol id of {@code @waku/core}. */
  public static final String METADATA_PROTOCOL = "/vac/waku/metadata/1.0.0";

  /** The pre-sharding default pubsub topic; relayed when given with {@code --pubsub-topic}. */
  public static final String DEFAULT_PUBSUB_TOPIC = "/waku/2/default-waku/proto";

  /** How long {@code relay.mjs} lives at most unless told otherwise ({@code --deadline-ms}). */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);

  private static final String FIXTURE = "src/test/js/waku-relay-peer";
  private static final String MODULE = "v2-relay";
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);
  private static final int STDERR_TAIL_LINES = 200;
  private static final String STAMP_FILE = ".causeway-npm-ci.sha256";
  private static final Charset UTF8 = StandardCharsets.UTF_8;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP_TYPE = new TypeReference<>() {};
  // A PrivateKey protobuf: 08 <type> 12 <len> <data>; Keys.MAX_KEY_BYTES bounds it.
  private static final Pattern KEY_HEX =
      Pattern.compile(
          "(0x)?08[0-9a-fA-F]{2}12([0-9a-fA-F]{2}){1," + (Keys.MAX_KEY_BYTES - 3) + "}");
  private static final Pattern WORD = Pattern.compile("\\S+");

  private static boolean installed;
  private static Path nodeExecutable;

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

  private JsWakuRelayPeer(Process process, String label) {
    this.process = process;
    this.label = label;
    this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), UTF8));
    this.stdoutReader = new Thread(this::readStdout, label + "-stdout");
    this.stderrReader = new Thread(this::readStderr, label + "-stderr");
    stdoutReader.setDaemon(true);
    stderrReader.setDaemon(true);
    stdoutReader.start();
    stderrReader.start();
  }

  // ------------------------------------------------------------------------------ starting

  /**
   * Starts a relay node listening on 127.0.0.1 at ephemeral TCP and WebSocket ports; wait for it
   * with {@link #awaitListening(Duration)} or {@link #awaitAddr(String, Duration)}.
   *
   * @param privateKeyHex a libp2p PrivateKey protobuf in hex ({@link #keyHex(PrivKey)})
   * @param options {@code relay.mjs} options (see the fixture README), e.g. {@code "--cluster-id",
   *     "1", "--shard", "0"}, {@code "--pubsub-topic", DEFAULT_PUBSUB_TOPIC}, {@code
   *     "--content-topic", "/app/1/chat/proto"}, {@code "--muxer", "both"}, {@code "--transports",
   *     "ws"}, {@code "--deadline-ms", "90000"}. Without any {@code --shard} or {@code
   *     --pubsub-topic} the node relays js-waku's default network (cluster 1, shards 0..8).
   */
  public static JsWakuRelayPeer listen(String privateKeyHex, String... options) {
    List<String> args = new ArrayList<>();
    Collections.addAll(args, options);
    return start(privateKeyHex, args);
  }

  /**
   * Starts a relay node (listening as in {@link #listen}) that dials {@code multiaddr} at once; it
   * reports {@code dialing}, then {@code connection:open} and {@code dialed} (or {@code dialed}
   * with {@code ok=false}).
   *
   * @param privateKeyHex a libp2p PrivateKey protobuf in hex ({@link #keyHex(PrivKey)})
   * @param multiaddr {@code /ip4/127.0.0.1/tcp/<port>[/ws]/p2p/<peer id>}; other hosts are refused
   * @param options further {@code relay.mjs} options (see {@link #listen(String, String...)})
   */
  public static JsWakuRelayPeer dial(String privateKeyHex, String multiaddr, String... options) {
    List<String> args = new ArrayList<>(List.of("--dial", multiaddr));
    Collections.addAll(args, options);
    return start(privateKeyHex, args);
  }

  /** The hex form of {@code key} that {@link #listen} and {@link #dial} take. */
  public static String keyHex(PrivKey key) {
    return JsLibp2pPeer.keyHex(key);
  }

  private static JsWakuRelayPeer start(String privateKeyHex, List<String> args) {
    if (!KEY_HEX.matcher(privateKeyHex).matches()) {
      throw new IllegalArgumentException("private key must be a PrivateKey protobuf in hex");
    }
    ensureInstalled();
    List<String> command = new ArrayList<>();
    command.add(nodeExecutable.toString());
    command.add("relay.mjs");
    if (!args.contains("--deadline-ms")) {
      command.add("--deadline-ms");
      command.add(Long.toString(DEFAULT_DEADLINE.toMillis()));
    }
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(fixtureDir().toFile());
    // The key goes through the environment, not the command line (which `ps` shows).
    pb.environment().put("PEER_KEY", privateKeyHex);
    try {
      Process p = pb.start();
      return new JsWakuRelayPeer(p, "js-waku-relay-" + p.pid());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  // ------------------------------------------------------------------------------ events

  /**
   * Waits for the next event called {@code name} that an earlier call for the same name has not
   * returned yet (events that arrived before this call count).
   *
   * @return the event's fields as parsed from JSON (numbers are Integer/Long/Double, arrays are
   *     Lists, objects are Maps)
   * @throws AssertionError if no such event arrives within {@code timeout} or the node exits first;
   *     the message lists every event seen and the stderr tail
   */
  public Map<String, Object> awaitEvent(String name, Duration timeout) throws InterruptedException {
    return awaitEvent(name, e -> true, timeout);
  }

  /**
   * Like {@link #awaitEvent(String, Duration)}, but skips (without consuming) events of that name
   * that do not satisfy {@code filter}, e.g. {@code e -> topic.equals(e.get("pubsubTopic"))}.
   */
  public Map<String, Object> awaitEvent(
      String name, Predicate<Map<String, Object>> filter, Duration timeout)
      throws InterruptedException {
    return await(name, filter, timeout, Integer.MAX_VALUE, e -> false);
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
          throw failure("node reported " + history.get(abortIndex));
        }
      }
      if (exited && !"process-exit".equals(name)) {
        throw failure("node exited before emitting a matching '" + name + "' event");
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

  /**
   * Waits for the {@code listening} event, which every node emits once started (fields {@code
   * peerId}, {@code publicKey}, {@code addrs}, {@code tcp}, {@code ws}, {@code muxers}, {@code
   * agentVersion}, {@code protocols}, {@code relayProtocols}, {@code pubsubTopics}, {@code
   * contentTopics}, {@code metadata}, {@code clusterId}, {@code shards}, {@code versions}). Calling
   * it again returns the same event.
   */
  public Map<String, Object> awaitListening(Duration timeout) throws InterruptedException {
    cursors.remove("listening");
    return awaitEvent("listening", timeout);
  }

  /** The node's peer id (base58), once it is listening. */
  public String peerId(Duration timeout) throws InterruptedException {
    return (String) awaitListening(timeout).get("peerId");
  }

  /**
   * Waits until the node listens and returns its full multiaddr for {@code transport} ({@code
   * "tcp"}: {@code /ip4/127.0.0.1/tcp/<port>/p2p/<id>}, {@code "ws"}: {@code
   * /ip4/127.0.0.1/tcp/<port>/ws/p2p/<id>}).
   *
   * @throws AssertionError if the node does not listen on that transport
   */
  public String awaitAddr(String transport, Duration timeout) throws InterruptedException {
    Object addr = awaitListening(timeout).get(transport);
    if (!(addr instanceof String s)) {
      throw failure("node does not listen on transport '" + transport + "'");
    }
    return s;
  }

  /**
   * Waits until gossipsub on this node has seen {@code peerId} subscribe to {@code pubsubTopic} (a
   * {@code subscription-change} event); only then does a publication reach that peer.
   */
  public void awaitSubscribed(String peerId, String pubsubTopic, Duration timeout)
      throws InterruptedException {
    awaitEvent(
        "subscription-change",
        e ->
            peerId.equals(e.get("peer"))
                && listOfMaps(e.get("subscriptions")).stream()
                    .anyMatch(
                        s ->
                            pubsubTopic.equals(s.get("topic"))
                                && Boolean.TRUE.equals(s.get("subscribe"))),
        timeout);
    // Each call looks at the whole history again: one event may announce several topics.
    cursors.remove("subscription-change");
  }

  /** Waits for the next relayed {@code message} event on {@code pubsubTopic}. */
  public Map<String, Object> awaitMessage(String pubsubTopic, Duration timeout)
      throws InterruptedException {
    return awaitEvent("message", e -> pubsubTopic.equals(e.get("pubsubTopic")), timeout);
  }

  /**
   * Publishes one message through js-waku's {@code Relay.send} and returns the {@code published}
   * event (fields {@code ok}, {@code hash} as js-waku computes it, {@code nwakuHash}, {@code
   * recipients} or {@code error}, and the message fields).
   *
   * @param timestampNs the WakuMessage timestamp in ns; null lets js-waku's stock encoder set now
   *     (whole milliseconds)
   */
  public Map<String, Object> publish(
      String pubsubTopic, String contentTopic, byte[] payload, Long timestampNs, Duration timeout)
      throws InterruptedException {
    String line =
        String.join(
            " ",
            word(pubsubTopic),
            word(contentTopic),
            payload.length == 0 ? "0x" : HexFormat.of().formatHex(payload),
            timestampNs == null ? "" : Long.toString(timestampNs));
    return run(("publish " + line).trim(), "published", timeout);
  }

  /**
   * Sends {@code command} and waits for its result event called {@code resultEvent} (the next one
   * whose {@code command} field is exactly this line), e.g. {@code run("mesh " + topic, "mesh",
   * timeout)}. Fails at once, with the event history, if the node reports an {@code error} for this
   * command line instead.
   */
  public Map<String, Object> run(String command, String resultEvent, Duration timeout)
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

  /** All events received so far, in order (a snapshot). */
  public List<Map<String, Object>> events() {
    drainIncoming();
    return List.copyOf(history);
  }

  /** The last lines the node wrote to stderr (js-waku debug output goes there with DEBUG=…). */
  public String stderrTail() {
    synchronized (stderrTail) {
      return String.join("\n", stderrTail);
    }
  }

  /**
   * Sends one command line to the node: {@code publish <pubsubTopic> <contentTopic> <payloadHex>
   * [timestampNs|-] [metaHex|-] [version]}, {@code peers}, {@code mesh <pubsubTopic>}, {@code
   * metadata <peerId>}, {@code ping <peerId>}, {@code dial <multiaddr>}, {@code hangup <peerId>},
   * {@code bench <pubsubTopic> <contentTopic> <count> <payloadBytes> [perSecond]}, {@code
   * bench-expect <contentTopic> [count]}, {@code bench-stats <contentTopic>} or {@code exit}. Each
   * (but exit) answers with one result event carrying a {@code command} field equal to this line
   * ({@code published}, {@code peers}, {@code mesh}, {@code metadata}, {@code ping}, {@code
   * dialed}, {@code hangup-done}, {@code bench-published}, {@code bench-expect}, {@code
   * bench-stats}), or an {@code error} event. See {@link #run}.
   */
  public void command(String line) {
    if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("one line only");
    }
    try {
      stdin.write(line);
      stdin.write('\n');
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("node " + label + " no longer reads commands", e);
    }
  }

  /** The operating-system process id (for diagnostics). */
  public long pid() {
    return process.pid();
  }

  /** Whether the Node.js process is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Ends the node: closes its stdin (which alone makes it exit), destroys the process tree, and
   * waits for it and the reader threads to finish.
   */
  @Override
  public void close() throws InterruptedException {
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
  public String toString() {
    return label;
  }

  /** The elements of a JSON array of objects, as parsed into an event. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> listOfMaps(Object jsonArray) {
    return jsonArray instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
  }

  private static String word(String s) {
    if (!WORD.matcher(Objects.requireNonNull(s)).matches()) {
      throw new IllegalArgumentException("not one word: '" + s + "'");
    }
    return s;
  }

  private AssertionError failure(String what) {
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

  /**
   * Skips the calling test when the system property {@value JsLibp2pPeer#SKIP_PROPERTY} is {@code
   * "true"} (Maven's {@code -DskipInterop}).
   */
  public static void assumeInteropEnabled() {
    JsLibp2pPeer.assumeInteropEnabled();
  }

  /**
   * Makes sure Node.js is usable and the fixture's npm packages are installed ({@code npm ci}),
   * once per JVM. Skips the calling test (loudly) when {@code node} or {@code npm} is not on the
   * PATH, unless {@code CI=true}, in which case it fails.
   */
  public static synchronized void ensureInstalled() {
    if (installed) {
      return;
    }
    Optional<Path> node = onPath("node");
    Optional<Path> npm = onPath("npm");
    if (node.isEmpty() || npm.isEmpty()) {
      String msg =
          "*** "
              + (node.isEmpty() ? "node" : "npm")
              + " not found on PATH: the js-waku relay interop tests CANNOT RUN ***";
      System.err.println(msg);
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(msg + " (CI=true, so this is a failure, not a skip)");
      }
      Assumptions.abort(msg);
    }
    Path dir = fixtureDir();
    try {
      requireNodeMajorAtLeast(node.get(), 20);
      String lockHash = lockHash(dir);
      Path stamp = dir.resolve("node_modules").resolve(STAMP_FILE);
      boolean upToDate =
          Files.isRegularFile(stamp)
              && Files.readString(stamp, UTF8).trim().equals(lockHash)
              && Files.isRegularFile(dir.resolve("node_modules/@waku/relay/package.json"));
      if (!upToDate) {
        npmCi(npm.get(), dir);
        Files.writeString(stamp, lockHash + "\n", UTF8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the js-waku interop fixture in " + dir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while preparing " + dir, e);
    }
    nodeExecutable = node.get();
    installed = true;
  }

  private static void npmCi(Path npm, Path dir) throws IOException, InterruptedException {
    Path log = moduleDir().resolve("target").resolve("npm-ci-waku-relay-peer.log");
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

  /** The fixture folder, found from the module directory Maven runs tests in (or the repo root). */
  static Path fixtureDir() {
    Path dir = moduleDir().resolve(FIXTURE);
    if (!Files.isRegularFile(dir.resolve("relay.mjs"))) {
      throw new IllegalStateException("js-waku relay interop fixture not found at " + dir);
    }
    return dir;
  }

  private static Path moduleDir() {
    Path cwd = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    Path nested = cwd.resolve(MODULE);
    return Files.isDirectory(cwd.resolve("src/test/js")) || !Files.isDirectory(nested)
        ? cwd
        : nested;
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
