package dev.causeway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code causeway bridge} as an operator runs it: a separate JVM ({@code dev.causeway.ops.Main}),
 * settings from a config file overridden by flags, stopped with SIGTERM ({@link
 * ProcessHandle#destroy()} on Linux): it closes the bridge and the nodes, says so, and exits 0.
 */
class BridgeProcessIT {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final long TIMEOUT_S = 120;

  @TempDir Path tmp;
  private Process process;

  @AfterEach
  void killLeftover() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(BridgeProcessIT.class.getResource("/config/" + name).toURI());
  }

  @Test
  void sigtermStopsTheBridgeCleanlyWithExitCodeZero() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path err = tmp.resolve("stderr.txt");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.causeway.ops.Main",
                "bridge",
                "--config-file=" + resource("bridge.toml"),
                // flags over the file: loopback, free ports, no peers to dial, INFO logs
                "--devp2p-tcp-port=0",
                "--libp2p-tcp-port=0",
                "--log-level=INFO",
                "--status-interval=PT0.2S"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
    pb.environment().remove("CAUSEWAY_CONFIG_FILE");
    pb.environment().put("CAUSEWAY_STATICNODE_V1", "");
    pb.environment().put("CAUSEWAY_STATICNODE_V2", "");
    process = pb.start();

    LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    CompletableFuture<Void> reader =
        CompletableFuture.runAsync(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                  lines.add(l);
                }
              } catch (java.io.IOException e) {
                lines.add("{\"type\":\"read-error\"}");
              }
            });

    String first = lines.poll(TIMEOUT_S, TimeUnit.SECONDS);
    assertThat(first).as("started line; stderr: %s", stderr(err)).isNotNull();
    @SuppressWarnings("unchecked")
    Map<String, Object> started = MAPPER.readValue(first, Map.class);
    assertThat(started).containsEntry("type", "started").containsEntry("clusterId", 16);
    assertThat(started.get("pubsubTopics"))
        .isEqualTo(List.of("/waku/2/rs/16/32", "/waku/2/rs/16/64"));
    // The v1 node key comes from the file.
    assertThat((String) started.get("enode")).startsWith("enode://1b84c556");
    // One periodic status line, printed while the bridge runs.
    String status = lines.poll(TIMEOUT_S, TimeUnit.SECONDS);
    assertThat(status).isNotNull().contains("\"type\":\"status\"").contains("\"v1_to_v2\"");

    // SIGTERM. Through the handle: Process.destroy() sends the same signal on Linux but also
    // closes our end of the child's stdout, which would lose the final line.
    assertThat(process.toHandle().destroy()).isTrue();
    assertThat(process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)).as("exited in time").isTrue();
    reader.get(TIMEOUT_S, TimeUnit.SECONDS);
    assertThat(process.exitValue()).as("exit code; stderr: %s", stderr(err)).isZero();
    List<String> rest = new ArrayList<>();
    lines.drainTo(rest);
    assertThat(rest).isNotEmpty();
    @SuppressWarnings("unchecked")
    Map<String, Object> stopped = MAPPER.readValue(rest.get(rest.size() - 1), Map.class);
    assertThat(stopped).containsEntry("type", "stopped").containsEntry("reason", "SIGTERM");
    String log = stderr(err);
    assertThat(log).contains("bridge started").contains("bridge stopped (SIGTERM)");
    // Closed in order: the v1 host stops after the stop request and before the final log line.
    assertThat(log.indexOf("stopping (SIGTERM)"))
        .isLessThan(log.indexOf("devp2p host"))
        .isLessThan(log.indexOf("bridge stopped"));
  }

  private static String stderr(Path err) throws java.io.IOException {
    return Files.exists(err) ? Files.readString(err) : "";
  }
}
