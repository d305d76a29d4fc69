package dev.causeway.ops.cli;

import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.common.hex.Hex;
import dev.causeway.v1.waku.WakuV1Node;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs a standalone Waku v1 node until SIGTERM/SIGINT (or {@code --duration}): prints one JSON line
 * per received envelope, and one per message that one of the given keys decrypts.
 */
@Command(
    name = "v1-node",
    mixinStandardHelpOptions = true,
    description = "Run a standalone Waku v1 (waku/1 over devp2p) node.")
public final class V1NodeCommand implements java.util.concurrent.Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin V1NodeOptions node;

  @Option(names = "--sym-key", description = "Symmetric key (64 hex) to try on envelopes.")
  List<String> symKeys = new ArrayList<>();

  @Option(names = "--password", description = "Password whose PBKDF2 key to try on envelopes.")
  List<String> passwords = new ArrayList<>();

  @Option(
      names = "--private-key",
      description =
          "Private key (64 hex) for asymmetric payloads; --decrypt-with-nodekey uses ours.")
  List<String> privateKeys = new ArrayList<>();

  @Option(names = "--decrypt-with-nodekey", description = "Also try the node key on payloads.")
  boolean decryptWithNodeKey;

  @Option(names = "--duration", description = "Stop after this long (ISO-8601, e.g. PT60S).")
  Duration duration;

  @Override
  public Integer call() throws Exception {
    SecureRandom random = new SecureRandom();
    Secp256k1.KeyPair key = node.key(random);
    KeyRing keys = new KeyRing();
    symKeys.forEach(keys::addSymKeyHex);
    passwords.forEach(keys::addPassword);
    for (String pk : privateKeys) {
      keys.addPrivateKey(Secp256k1.KeyPair.fromPrivateKey(Hex.decode(pk)));
    }
    if (decryptWithNodeKey) {
      keys.addPrivateKey(key);
    }
    JsonLines out = new JsonLines(spec.commandLine().getOut());
    WakuV1Node n =
        new WakuV1Node(
            node.config(key, node.tcpPort), new SimpleMeterRegistry(), Clock.systemUTC(), random);
    n.addListener(
        (e, pow, from) -> {
          out.print(Envelopes.describe(e, pow, from));
          Map<String, Object> msg = keys.open(e);
          if (msg != null) {
            out.print(msg);
          }
        });
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop.countDown();
                  n.close();
                },
                "causeway-shutdown"));
    n.start();
    Map<String, Object> started = JsonLines.object("listening");
    started.put("enode", n.enode().url());
    out.print(started);
    if (duration != null) {
      stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    } else {
      stop.await();
    }
    n.close();
    return 0;
  }
}
