package dev.causeway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.causeway.ops.cli.CausewayCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The README's main job: the bridge demo on loopback; every message posted on one side arrives,
 * decrypted, on the other, both ways, and the bridge counted them. Needs the real bridge-core (the
 * temporary stand-in bridges nothing, and then this test fails at --timeout).
 */
class DemoCommandIT {
  private static final int MESSAGES = 5;

  @SuppressWarnings("unchecked")
  @Test
  void messagesCrossTheBridgeBothWays() throws Exception {
    StringWriter buf = new StringWriter();
    CommandLine cli = new CommandLine(new CausewayCommand());
    cli.setOut(new PrintWriter(buf, true));
    int code =
        cli.execute(
            "demo",
            "--messages=" + MESSAGES,
            "--interval=PT0.2S",
            "--status-interval=PT1S",
            "--timeout=PT90S");
    List<Map<String, Object>> lines = new ArrayList<>();
    ObjectMapper mapper = new ObjectMapper();
    for (String line : buf.toString().split("\n")) {
      lines.add(mapper.readValue(line, Map.class));
    }
    assertThat(code).as(buf.toString()).isZero();
    assertThat(lines).filteredOn(m -> "node".equals(m.get("type"))).hasSize(4);
    assertThat(lines).filteredOn(m -> "ready".equals(m.get("type"))).hasSize(1);
    for (String direction : List.of("v1->v2", "v2->v1")) {
      assertThat(lines)
          .filteredOn(m -> "crossed".equals(m.get("type")) && direction.equals(m.get("direction")))
          .extracting(m -> ((Number) m.get("seq")).intValue())
          .containsExactlyInAnyOrder(1, 2, 3, 4, 5);
    }
    Map<String, Object> summary = lines.get(lines.size() - 1);
    assertThat(summary).containsEntry("type", "summary");
    assertThat((Map<String, Object>) summary.get("v1"))
        .containsEntry("sent", MESSAGES)
        .containsEntry("received", MESSAGES);
    assertThat((Map<String, Object>) summary.get("v2"))
        .containsEntry("sent", MESSAGES)
        .containsEntry("received", MESSAGES);
    Map<String, Object> bridge = (Map<String, Object>) summary.get("bridge");
    for (String d : List.of("v1_to_v2", "v2_to_v1")) {
      assertThat(((Number) ((Map<String, Object>) bridge.get(d)).get("bridged")).longValue())
          .as(d)
          .isGreaterThanOrEqualTo(MESSAGES);
    }
  }
}
