package dev.causeway.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code causeway bridge} in a child JVM ({@code java -cp <test class path> dev.causeway.ops.Main
 * bridge ...}): its stdout JSON lines in a queue, its stderr in a file. {@link #close()} kills it
 * if it still runs.
 */
final class BridgeProcess implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  final Process process;
  final Path stderr;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final CompletableFuture<Void> reader;

  private BridgeProcess(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    this.reader =
        CompletableFuture.runAsync(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                  lines.add(l);
                }
              } catch (IOException e) {
                lines.add("{\"type\":\"read-error\",\"error\":\"" + e + "\"}");
              }
            });
  }

  static BridgeProcess start(Path dir, Map<String, String> env, String... args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        new ArrayList<>(
            List.of(java, "-cp", System.getProperty("java.class.path"), "dev.causeway.ops.Main"));
    cmd.add("bridge");
    cmd.addAll(List.of(args));
    Path err = dir.resolve("bridge-stderr.txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("CAUSEWAY_"));
    pb.environment().putAll(env);
    return new BridgeProcess(pb.start(), err);
  }

  /** The next stdout line as JSON, or null if none came within the timeout. */
  @SuppressWarnings("unchecked")
  Map<String, Object> nextLine(long timeoutSeconds) throws Exception {
    String l = lines.poll(timeoutSeconds, TimeUnit.SECONDS);
    return l == null ? null : MAPPER.readValue(l, Map.class);
  }

  /** Waits for the reader to see the end of stdout, then returns the lines not yet taken. */
  @SuppressWarnings("unchecked")
  List<Map<String, Object>> remainingLines(long timeoutSeconds) throws Exception {
    reader.get(timeoutSeconds, TimeUnit.SECONDS);
    List<String> rest = new ArrayList<>();
    lines.drainTo(rest);
    List<Map<String, Object>> out = new ArrayList<>();
    for (String l : rest) {
      out.add(MAPPER.readValue(l, Map.class));
    }
    return out;
  }

  /**
   * SIGTERM. Through the handle: {@link Process#destroy()} sends the same signal on Linux but also
   * closes our end of the child's stdout, which would lose the final line.
   */
  boolean sigterm() {
    return process.toHandle().destroy();
  }

  String stderr() throws IOException {
    return Files.exists(stderr) ? Files.readString(stderr) : "";
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }
}
