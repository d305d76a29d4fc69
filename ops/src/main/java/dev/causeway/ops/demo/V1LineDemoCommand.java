package dev.causeway.ops.demo;

import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.common.hex.Hex;
import dev.causeway.common.payload.PayloadCodec;
import dev.causeway.common.payload.SymmetricKeys;
import dev.causeway.common.payload.Topics;
import dev.causeway.ops.cli.JsonLines;
import dev.causeway.ops.cli.KeyRing;
import dev.causeway.v1.rlpx.Enode;
import dev.causeway.v1.rlpx.host.Devp2pConfig;
import dev.causeway.v1.waku.WakuV1Config;
import dev.causeway.v1.waku.WakuV1Metrics;
import dev.causeway.v1.waku.WakuV1Node;
import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.Topic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The v1-only demo network (the first demo, before the bridge): three Waku v1 nodes on 127.0.0.1 in
 * a line (A — B — C). A posts symmetric (password) and asymmetric (C's demo key) messages, B floods
 * them, C decrypts them. Every step is one JSON line on stdout; the command exits when all rounds
 * arrived.
 */
@Command(
    name = "demo-v1",
    mixinStandardHelpOptions = true,
    description = "Run three Waku v1 nodes in a line on 127.0.0.1 and show messages crossing it.")
public final class V1LineDemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  static final String PASSWORD = "causeway-demo";

  @Option(names = "--rounds", defaultValue = "3", description = "Message rounds (default 3).")
  int rounds;

  @Option(
      names = "--timeout",
      defaultValue = "PT60S",
      description = "Give up if the demo has not finished in this time.")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    SecureRandom random = new SecureRandom();
    JsonLines out = new JsonLines(spec.commandLine().getOut());
    Topic topic = Topic.of(Topics.toTopic("causeway-demo"));
    Secp256k1.KeyPair recipient = Secp256k1.KeyPair.random(random);
    KeyRing keysAtC = new KeyRing().addPassword(PASSWORD).addPrivateKey(recipient);
    BlockingQueue<Map<String, Object>> decryptedAtC = new LinkedBlockingQueue<>();
    List<WakuV1Node> nodes = new ArrayList<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> nodes.forEach(WakuV1Node::close)));
    try {
      WakuV1Node c = node("C", List.of(), random, out, nodes);
      WakuV1Node b = node("B", List.of(c.enode()), random, out, nodes);
      WakuV1Node a = node("A", List.of(b.enode()), random, out, nodes);
      c.addListener(
          (e, pow, from) -> {
            Map<String, Object> m = keysAtC.open(e);
            if (m != null) {
              m.put("node", "C");
              decryptedAtC.add(m);
            }
          });
      long deadline = System.nanoTime() + timeout.toNanos();
      a.whenActivePeers(1).get(remaining(deadline), TimeUnit.NANOSECONDS);
      c.whenActivePeers(1).get(remaining(deadline), TimeUnit.NANOSECONDS);
      out.print(event("line-ready", "A - B - C connected over RLPx/devp2p with waku/1"));

      byte[] symKey = SymmetricKeys.fromPassword(PASSWORD);
      for (int i = 1; i <= rounds; i++) {
        String s = "round " + i + ": hello from A (symmetric, password '" + PASSWORD + "')";
        String p = "round " + i + ": a private note for C (asymmetric)";
        Envelope e1 =
            a.post(
                    topic,
                    PayloadCodec.encryptSymmetric(
                        s.getBytes(StandardCharsets.UTF_8), symKey, null, random),
                    60,
                    0.002)
                .get(remaining(deadline), TimeUnit.NANOSECONDS);
        Envelope e2 =
            a.post(
                    topic,
                    PayloadCodec.encryptAsymmetric(
                        p.getBytes(StandardCharsets.UTF_8), recipient.publicKey(), null, random),
                    60,
                    0.002)
                .get(remaining(deadline), TimeUnit.NANOSECONDS);
        Map<String, Object> posted = event("posted", "A posted two envelopes");
        posted.put("round", i);
        posted.put("hashes", List.of(e1.hash().toHex(), e2.hash().toHex()));
        out.print(posted);
        for (int k = 0; k < 2; k++) {
          Map<String, Object> m = decryptedAtC.poll(remaining(deadline), TimeUnit.NANOSECONDS);
          if (m == null) {
            out.print(event("failed", "C did not decrypt round " + i + " in time"));
            return 1;
          }
          out.print(m);
        }
      }
      Map<String, Object> summary = event("summary", "all rounds crossed the line");
      summary.put("receivedNewAtB", b.metrics().receivedCount(WakuV1Metrics.Received.NEW));
      summary.put("receivedNewAtC", c.metrics().receivedCount(WakuV1Metrics.Received.NEW));
      summary.put("duplicatesAtC", c.metrics().receivedCount(WakuV1Metrics.Received.DUPLICATE));
      summary.put("envelopesSentByA", a.metrics().envelopesSent());
      out.print(summary);
      return 0;
    } finally {
      for (int i = nodes.size() - 1; i >= 0; i--) {
        nodes.get(i).close();
      }
    }
  }

  private static WakuV1Node node(
      String name, List<Enode> peers, SecureRandom random, JsonLines out, List<WakuV1Node> nodes)
      throws InterruptedException {
    Devp2pConfig dev =
        Devp2pConfig.defaults(Secp256k1.KeyPair.random(random), "127.0.0.1", 0)
            .withStaticPeers(peers)
            .withClientId("causeway-demo/" + name)
            .withIoThreads(1);
    WakuV1Node n =
        new WakuV1Node(
            WakuV1Config.defaults(dev).withMinPow(0.002),
            new SimpleMeterRegistry(),
            Clock.systemUTC(),
            random);
    nodes.add(n);
    n.start();
    Map<String, Object> m = event("node", "v1 node " + name + " listening");
    m.put("node", name);
    m.put("enode", n.enode().url());
    m.put("nodeId", Hex.encode(n.enode().nodeId(), 0, 4));
    out.print(m);
    return n;
  }

  private static Map<String, Object> event(String type, String text) {
    Map<String, Object> m = JsonLines.object(type);
    m.put("text", text);
    return m;
  }

  private static long remaining(long deadline) {
    return Math.max(1, deadline - System.nanoTime());
  }
}
