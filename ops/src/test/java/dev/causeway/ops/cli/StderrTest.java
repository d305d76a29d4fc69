package dev.causeway.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class StderrTest {
  private static final String NL = System.lineSeparator();

  @Test
  void failPrintsTheLineAndReturnsTheExitCode() {
    StringWriter err = new StringWriter();
    int code = Stderr.fail(new PrintWriter(err), 3, "lightpush: no answer within PT20S");
    assertThat(code).isEqualTo(3);
    assertThat(err.toString()).isEqualTo("lightpush: no answer within PT20S" + NL);
  }

  @Test
  void warnPrefixesTheCommand() {
    StringWriter err = new StringWriter();
    PrintWriter w = new PrintWriter(err);
    Stderr.warn(w, "v2-node", "--relay=false: the node joins no topic");
    Stderr.warn(w, "filter-subscribe", "");
    assertThat(err.toString())
        .isEqualTo(
            "WARNING: v2-node: --relay=false: the node joins no topic"
                + NL
                + "WARNING: filter-subscribe: "
                + NL);
  }
}
