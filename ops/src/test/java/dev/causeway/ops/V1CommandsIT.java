package dev.causeway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.causeway.ops.cli.CausewayCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code v1-node} prints what {@code v1-post} sends it, decrypted with the shared password. */
class V1CommandsIT {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String line) throws IOException {
    return MAPPER.readValue(line, Map.class);
  }

  @Test
  void postedMessageIsPrintedAndDecryptedByTheNode() throws Exception {
    PipedWriter pipe = new PipedWriter();
    BufferedReader nodeOut = new BufferedReader(new PipedReader(pipe, 1 << 16));
    CommandLine node = new CommandLine(new CausewayCommand());
    node.setOut(new PrintWriter(pipe, true));
    CompletableFuture<Integer> nodeRun =
        CompletableFuture.supplyAsync(
            () ->
                node.execute(
                    "v1-node",
                    "--listen-address=127.0.0.1",
                    "--tcp-port=0",
                    "--password=status",
                    "--duration=PT8S"));
    Map<String, Object> listening = json(nodeOut.readLine());
    assertThat(listening).containsEntry("type", "listening");
    String enode = (String) listening.get("enode");

    StringWriter postOut = new StringWriter();
    CommandLine post = new CommandLine(new CausewayCommand());
    post.setOut(new PrintWriter(postOut, true));
    int code =
        post.execute(
            "v1-post",
            "--staticnode=" + enode,
            "--topic-name=status",
            "--password=status",
            "--text=hello node",
            "--timeout=PT30S");
    assertThat(code).isZero();
    Map<String, Object> posted = json(postOut.toString().trim());
    assertThat(posted).containsEntry("type", "posted").containsEntry("topic", "0xcd423760");

    Map<String, Object> envelope = json(nodeOut.readLine());
    assertThat(envelope)
        .containsEntry("type", "envelope")
        .containsEntry("hash", posted.get("hash"));
    Map<String, Object> message = json(nodeOut.readLine());
    assertThat(message)
        .containsEntry("type", "message")
        .containsEntry("encryption", "symmetric")
        .containsEntry("text", "hello node");
    // The node stops by itself at the end of its --duration and exits cleanly.
    assertThat(nodeRun.get(60, TimeUnit.SECONDS)).isZero();
    nodeOut.close();
  }
}
