package dev.causeway.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LinePrinterTest {
  private static final String CT = "/causeway/1/test/proto";

  @Test
  void printsMessageLinesInOrderAsJson() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    LinePrinter p = new LinePrinter(new JsonLines(new PrintWriter(out)), 16, "test-output");
    PubsubTopic t = PubsubTopic.DEFAULT;
    // the edge cases of a received message: empty payload, no timestamp
    WakuMessage empty = WakuMessage.builder().payload(new byte[0]).contentTopic(CT).build();
    WakuMessage text =
        WakuMessage.of("hi".getBytes(java.nio.charset.StandardCharsets.UTF_8), CT, 7L);
    MessageHash he = MessageHash.of(t, empty);
    MessageHash ht = MessageHash.of(t, text);
    Map<String, Object> first = JsonLines.object("listening");
    first.put("peerId", "16Uiu2");
    p.print(first);
    p.print(() -> V2Messages.describe(t, empty, he));
    p.print(() -> V2Messages.describe(t, text, ht));
    p.close(new PrintWriter(err), "v2-node");

    assertThat(out.toString().split(System.lineSeparator()))
        .containsExactly(
            "{\"type\":\"listening\",\"peerId\":\"16Uiu2\"}",
            "{\"type\":\"message\",\"pubsubTopic\":\"/waku/2/default-waku/proto\",\"contentTopic\":\""
                + CT
                + "\",\"payload\":\"\",\"timestamp\":null,\"hash\":\""
                + he.to0xHex()
                + "\",\"version\":0}",
            "{\"type\":\"message\",\"pubsubTopic\":\"/waku/2/default-waku/proto\",\"contentTopic\":\""
                + CT
                + "\",\"payload\":\"hi\",\"timestamp\":7,\"hash\":\""
                + ht.to0xHex()
                + "\",\"version\":0}");
    assertThat(p.dropped()).isZero();
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void aFullQueueDropsCountsAndWarnsOnClose() throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    StringWriter out = new StringWriter();
    Writer slow =
        new Writer() {
          @Override
          public void write(char[] c, int off, int len) {
            writing.countDown();
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            out.write(c, off, len);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    StringWriter err = new StringWriter();
    // capacity 1: one line being printed (blocked), one waiting, the rest dropped
    LinePrinter p = new LinePrinter(new JsonLines(new PrintWriter(slow)), 1, "test-output");
    p.print(line(1));
    assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
    p.print(line(2));
    p.print(line(3));
    p.print(() -> line(4));
    assertThat(p.dropped()).isEqualTo(2);
    release.countDown();
    p.close(new PrintWriter(err), "filter-subscribe");

    assertThat(out.toString().split(System.lineSeparator()))
        .containsExactly("{\"type\":\"n\",\"n\":1}", "{\"type\":\"n\",\"n\":2}");
    assertThat(err.toString())
        .isEqualTo(
            "WARNING: filter-subscribe: 2 message line(s) dropped, output too slow"
                + System.lineSeparator());
  }

  private static Map<String, Object> line(int n) {
    Map<String, Object> m = JsonLines.object("n");
    m.put("n", n);
    return m;
  }
}
