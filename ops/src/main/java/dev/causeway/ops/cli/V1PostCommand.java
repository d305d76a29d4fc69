package dev.causeway.ops.cli;

import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.common.hex.Hex;
import dev.causeway.common.payload.PayloadCodec;
import dev.causeway.common.payload.SymmetricKeys;
import dev.causeway.common.payload.Topics;
import dev.causeway.v1.waku.WakuV1Node;
import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.ProofOfWork;
import dev.causeway.v1.waku.envelope.Topic;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Posts one message to the Waku v1 network: starts a node that only dials its static peers, waits
 * for a waku session, encrypts and mines the envelope, waits until it was flooded to a peer, and
 * exits. Prints the envelope as a JSON line.
 */
@Command(
    name = "v1-post",
    mixinStandardHelpOptions = true,
    description = "Post one encrypted message to Waku v1 peers (--staticnode) and exit.")
public final class V1PostCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin V1NodeOptions node;

  @Option(names = "--topic", description = "4-byte topic as hex (0x1a2b3c4d).")
  String topicHex;

  @Option(
      names = "--topic-name",
      description = "Topic derived as Status does: keccak256(name)[0:4].")
  String topicName;

  static final class Key {
    @Option(names = "--sym-key", description = "Symmetric key, 64 hex.")
    String symKey;

    @Option(names = "--password", description = "Password; key = PBKDF2 as Status derives it.")
    String password;

    @Option(names = "--public-key", description = "Recipient public key (128 hex) for ECIES.")
    String publicKey;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Key key;

  @Option(names = "--sign-with", description = "Private key (64 hex) to sign the payload.")
  String signWith;

  @Option(names = "--text", required = true, description = "Message text (UTF-8).")
  String text;

  @Option(names = "--ttl", defaultValue = "50", description = "TTL in seconds (default 50).")
  long ttl;

  @Option(names = "--pow", defaultValue = "0.002", description = "PoW target (default 0.002).")
  double pow;

  @Option(names = "--timeout", defaultValue = "PT30S", description = "Give up after this long.")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    if ((topicHex == null) == (topicName == null)) {
      throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(this), "give exactly one of --topic or --topic-name");
    }
    if (node.staticNodes.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(this), "--staticnode is required to post");
    }
    SecureRandom random = new SecureRandom();
    Topic topic = topicHex != null ? Topic.fromHex(topicHex) : Topic.of(Topics.toTopic(topicName));
    Secp256k1.KeyPair signer =
        signWith == null ? null : Secp256k1.KeyPair.fromPrivateKey(Hex.decode(signWith));
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] data;
    if (key.publicKey != null) {
      data = PayloadCodec.encryptAsymmetric(payload, Hex.decode(key.publicKey), signer, random);
    } else {
      byte[] sym =
          key.symKey != null ? Hex.decode(key.symKey) : SymmetricKeys.fromPassword(key.password);
      data = PayloadCodec.encryptSymmetric(payload, sym, signer, random);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try (WakuV1Node n =
        new WakuV1Node(
            node.config(node.key(random), -1),
            new SimpleMeterRegistry(),
            Clock.systemUTC(),
            random)) {
      n.start();
      try {
        n.whenActivePeers(1).get(Nanos.remaining(deadline), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.TimeoutException te) {
        System.err.println("no waku/1 peer within " + timeout);
        return 2;
      }
      Envelope e =
          n.post(topic, data, ttl, pow).get(Nanos.remaining(deadline), TimeUnit.NANOSECONDS);
      while (n.metrics().envelopesSent() < 1) {
        if (System.nanoTime() > deadline) {
          System.err.println("envelope was not accepted by any peer within " + timeout);
          return 3;
        }
        waitTick();
      }
      Map<String, Object> m = Envelopes.describe(e, ProofOfWork.pow(e), null);
      m.put("type", "posted");
      new JsonLines(spec.commandLine().getOut()).print(m);
      return 0;
    }
  }

  private static void waitTick() {
    // Polls the flood counter of a live node; the flood cycle is 300 ms.
    java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
  }
}
