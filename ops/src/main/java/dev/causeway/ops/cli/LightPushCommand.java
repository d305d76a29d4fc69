package dev.causeway.ops.cli;

import dev.causeway.common.hex.Hex;
import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.host.HostConfig;
import dev.causeway.libp2p.host.Libp2pHost;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.v2.core.ContentTopic;
import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.lightpush.LightPushClient;
import dev.causeway.v2.lightpush.LightPushClientException;
import dev.causeway.v2.lightpush.LightPushResult;
import dev.causeway.v2.lightpush.LightPushVersion;
import dev.causeway.v2.metadata.MetadataConfig;
import dev.causeway.v2.metadata.MetadataProtocol;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Sends one message to a Waku v2 service node by light push (spec v2-filter-lightpush.md §3, §4)
 * and prints the node's answer as one {@code lightpush} JSON line: {@code peer}, {@code version}
 * ({@code v3}, or {@code v2} with {@code --v2} or when the node serves only v2), {@code requestId},
 * {@code statusCode}, {@code success}, {@code statusDesc} (v3 {@code status_desc} / v2 {@code
 * info}, null when absent), {@code relayPeerCount} (null when absent), {@code pubsubTopic} (null
 * when the node is left to derive it by autosharding), {@code contentTopic}, {@code timestamp} and
 * {@code hash} (the message's deterministic hash, null without a pubsub topic).
 *
 * <p>The command runs a throw-away libp2p host that listens nowhere and answers the metadata
 * protocol with {@code --cluster-id} (service nodes drop peers of another cluster), dials {@code
 * --peer} and pushes a version-0 message with the current time as timestamp. {@code --payload} is
 * UTF-8 text, or hex when it starts with {@code 0x}.
 */
@Command(
    name = "lightpush",
    mixinStandardHelpOptions = true,
    description = "Push one message to a Waku v2 service node by light push and print its answer.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:the node relayed the message (status 200)",
      "2:usage error",
      "3:no answer (cannot connect, stream failure, timeout)",
      "4:the node refused the message (status printed)"
    })
public final class LightPushCommand implements Callable<Integer> {
  static final int NO_ANSWER = 3;
  static final int REFUSED = 4;

  @Spec CommandSpec spec;

  @Option(
      names = "--peer",
      required = true,
      paramLabel = "<multiaddr>",
      converter = Converters.PeerAddress.class,
      description = "Service node, /ip4/.../tcp/<port>[/ws]/p2p/<peer id>.")
  Multiaddr peer;

  @Option(
      names = "--pubsub-topic",
      paramLabel = "<topic>",
      converter = Converters.PubsubTopicName.class,
      description =
          "Pubsub topic, e.g. /waku/2/rs/1/0 (default: none, the node derives it from the content"
              + " topic by autosharding; v3 only).")
  PubsubTopic pubsubTopic;

  @Option(
      names = "--content-topic",
      required = true,
      paramLabel = "<topic>",
      converter = Converters.ContentTopicName.class,
      description = "Content topic /app/version/name/encoding.")
  ContentTopic contentTopic;

  @Option(
      names = "--payload",
      required = true,
      paramLabel = "<text|0xhex>",
      description = "Payload: UTF-8 text, or hex bytes when it starts with 0x.")
  String payload;

  @Option(names = "--v2", description = "Use light push v2 (/vac/waku/lightpush/2.0.0-beta1).")
  boolean v2;

  @Option(
      names = "--cluster-id",
      paramLabel = "<id>",
      defaultValue = "1",
      converter = Converters.ClusterId.class,
      description = "Our cluster in the metadata protocol; must be the node's (default: 1).")
  int clusterId;

  @Option(
      names = "--timeout",
      defaultValue = "PT20S",
      description = "Give up after this long (ISO-8601, default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    if (v2 && pubsubTopic == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--v2 needs --pubsub-topic (light push v2 has no autosharding)");
    }
    byte[] body;
    if (payload.startsWith("0x") || payload.startsWith("0X")) {
      try {
        body = Hex.decode(payload);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--payload: " + e.getMessage(), e);
      }
    } else {
      body = payload.getBytes(StandardCharsets.UTF_8);
    }
    PeerId target = peer.peerId().orElseThrow();
    WakuMessage m = WakuMessage.of(body, contentTopic.toString(), Nanos.unixNow(Clock.systemUTC()));
    long deadline = System.nanoTime() + timeout.toNanos();
    SecureRandom random = new SecureRandom();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Libp2pHost host =
        new Libp2pHost(
            HostConfig.defaults(Keys.generateSecp256k1(random), List.of()), registry, random)) {
      host.registerHandler(
          MetadataProtocol.ID,
          new MetadataProtocol(MetadataConfig.of(clusterId, List::<Integer>of)));
      host.start();
      LightPushResult r;
      try {
        host.dial(peer).get(Nanos.remaining(deadline), TimeUnit.NANOSECONDS);
        LightPushClient client = new LightPushClient(host, timeout, registry);
        r =
            (v2
                    ? client.push(target, pubsubTopic, m, LightPushVersion.V2)
                    : client.push(target, pubsubTopic, m))
                .get(Nanos.remaining(deadline), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        String why =
            c instanceof LightPushClientException lce
                ? lce.reason() + ": " + lce.getMessage()
                : String.valueOf(c.getMessage());
        return Stderr.fail(err, NO_ANSWER, "lightpush: no answer from " + peer + ": " + why);
      } catch (TimeoutException e) {
        return Stderr.fail(
            err, NO_ANSWER, "lightpush: no answer from " + peer + " within " + timeout);
      }
      Map<String, Object> out = JsonLines.object("lightpush");
      out.put("peer", target.toBase58());
      out.put("version", r.version() == LightPushVersion.V3 ? "v3" : "v2");
      out.put("requestId", r.requestId());
      out.put("statusCode", r.statusCode());
      out.put("success", r.isSuccess());
      out.put("statusDesc", r.description().orElse(null));
      out.put(
          "relayPeerCount", r.relayPeerCount().isPresent() ? r.relayPeerCount().getAsInt() : null);
      out.put("pubsubTopic", pubsubTopic == null ? null : pubsubTopic.toString());
      out.put("contentTopic", m.contentTopic());
      out.put("timestamp", m.timestampOrZero());
      out.put("hash", pubsubTopic == null ? null : MessageHash.of(pubsubTopic, m).to0xHex());
      new JsonLines(spec.commandLine().getOut()).print(out);
      return r.isSuccess() ? 0 : REFUSED;
    }
  }
}
