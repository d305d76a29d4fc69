package dev.causeway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code causeway bridge} as an operator runs it: a separate JVM ({@code dev.causeway.ops.Main}),
 * settings from a config file overridden by the environment and flags, stopped with SIGTERM: it
 * closes the bridge and the nodes, says so, and exits 0.
 */
class BridgeProcessIT {
  private static final long TIMEOUT_S = 120;

  @TempDir Path tmp;

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(BridgeProcessIT.class.getResource("/config/" + name).toURI());
  }

  @Test
  void sigtermStopsTheBridgeCleanlyWithExitCodeZero() throws Exception {
    try (BridgeProcess bridge =
        BridgeProcess.start(
            tmp,
            // no peers to dial: the environment empties the file's lists
            Map.of("CAUSEWAY_STATICNODE_V1", "", "CAUSEWAY_STATICNODE_V2", ""),
            "--config-file=" + resource("bridge.toml"),
            // flags over the file: free ports, frequent status lines
            "--devp2p-tcp-port=0",
            "--libp2p-tcp-port=0",
            "--log-level=INFO",
            "--status-interval=PT0.2S")) {
      Map<String, Object> started = bridge.nextLine(TIMEOUT_S);
      assertThat(started).as("started line; stderr: %s", bridge.stderr()).isNotNull();
      assertThat(started).containsEntry("type", "started").containsEntry("clusterId", 16);
      assertThat(started.get("pubsubTopics"))
          .isEqualTo(List.of("/waku/2/rs/16/32", "/waku/2/rs/16/64"));
      // The v1 node key comes from the file.
      assertThat((String) started.get("enode")).startsWith("enode://1b84c556");
      // Periodic status lines while the bridge runs.
      Map<String, Object> status = bridge.nextLine(TIMEOUT_S);
      assertThat(status).containsEntry("type", "status").containsKeys("v1_to_v2", "v2_to_v1");

      assertThat(bridge.sigterm()).isTrue();
      assertThat(bridge.process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)).as("exited").isTrue();
      assertThat(bridge.process.exitValue()).as("exit code; %s", bridge.stderr()).isZero();
      List<Map<String, Object>> rest = bridge.remainingLines(TIMEOUT_S);
      assertThat(rest).isNotEmpty();
      assertThat(rest.get(rest.size() - 1))
          .containsEntry("type", "stopped")
          .containsEntry("reason", "SIGTERM");
      String log = bridge.stderr();
      assertThat(log).contains("bridge started").contains("bridge stopped (SIGTERM)");
      // In order: the stop request, the nodes closing, then the final log line.
      int stopping = log.indexOf("stopping (SIGTERM)");
      int v1Closed = log.lastIndexOf("devp2p host");
      assertThat(stopping).isNotNegative().isLessThan(v1Closed);
      assertThat(v1Closed).isLessThan(log.indexOf("bridge stopped"));
    }
  }
}
