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

/** The v1-only demo runs on loopback, every message decrypts at C, exit 0. */
class V1LineDemoCommandIT {
  @Test
  void demoShowsEveryRoundDecryptedAtTheFarEnd() throws Exception {
    StringWriter buf = new StringWriter();
    CommandLine cli = new CommandLine(new CausewayCommand());
    cli.setOut(new PrintWriter(buf, true));
    int code = cli.execute("demo-v1", "--rounds=2", "--timeout=PT60S");
    assertThat(code).isZero();
    List<Map<String, Object>> lines = new ArrayList<>();
    ObjectMapper mapper = new ObjectMapper();
    for (String line : buf.toString().split("\n")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = mapper.readValue(line, Map.class);
      lines.add(m);
    }
    assertThat(lines).filteredOn(m -> "node".equals(m.get("type"))).hasSize(3);
    assertThat(lines)
        .filteredOn(m -> "message".equals(m.get("type")))
        .extracting(m -> m.get("encryption"))
        .containsExactly("symmetric", "asymmetric", "symmetric", "asymmetric");
    Map<String, Object> summary = lines.get(lines.size() - 1);
    assertThat(summary).containsEntry("type", "summary");
    assertThat(summary).containsEntry("receivedNewAtC", 4.0).containsEntry("duplicatesAtC", 0.0);
  }
}
