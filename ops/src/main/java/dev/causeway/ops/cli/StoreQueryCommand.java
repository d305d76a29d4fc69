package dev.causeway.ops.cli;

import dev.causeway.common.hex.Hex;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.v2.core.ContentTopic;
import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.node.WakuV2Config;
import dev.causeway.v2.node.WakuV2Node;
import dev.causeway.v2.store.StoreClient;
import dev.causeway.v2.store.StoreException;
import dev.causeway.v2.store.StoreQueryRequest;
import dev.causeway.v2.store.StoreQueryResponse;
import dev.causeway.v2.store.WakuMessageKeyValue;
import dev.causeway.v2.store.legacy.HistoryQuery;
import dev.causeway.v2.store.legacy.HistoryResponse;
import dev.causeway.v2.store.legacy.HistoryRpc;
import dev.causeway.v2.store.legacy.LegacyStoreClient;
import dev.causeway.v2.store.legacy.PagingInfo;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
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
 * Queries a Waku v2 store node (spec v2-store.md): store v3 by default, legacy 2.0.0-beta4 with
 * {@code --legacy}. Starts an ephemeral node that listens nowhere, dials {@code --peer}, sends one
 * query (or pages through all with {@code --all}) and prints one {@code message} JSON line per
 * entry (hash, pubsub topic, content topic, timestamp, payload in hex, as far as known) and one
 * {@code page} line per response (status, count, cursor).
 */
@Command(
    name = "store-query",
    mixinStandardHelpOptions = true,
    description = "Query a Waku v2 store node and print the results as JSON lines.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:answered with success",
      "2:usage error",
      "3:no answer (peer unreachable, stream failure, timeout)",
      "4:the store answered with a failure status"
    })
public final class StoreQueryCommand implements Callable<Integer> {
  static final int NO_ANSWER = 3;
  static final int FAILURE_STATUS = 4;
  private static final int MAX_PAGES = 100_000;

  @Spec CommandSpec spec;

  @Option(
      names = "--peer",
      required = true,
      paramLabel = "<multiaddr>",
      converter = Converters.PeerAddress.class,
      description = "Store node, /ip4/.../tcp/<port>[/ws]/p2p/<peer id>.")
  Multiaddr peer;

  @Option(
      names = "--pubsub-topic",
      paramLabel = "<topic>",
      converter = Converters.PubsubTopicName.class,
      description = "Pubsub topic filter (v3: required together with --content-topic).")
  PubsubTopic pubsubTopic;

  @Option(
      names = "--content-topic",
      paramLabel = "<topic>",
      converter = Converters.ContentTopicName.class,
      description = "Content topic filter (repeatable).")
  List<ContentTopic> contentTopics = new ArrayList<>();

  @Option(names = "--start-time", paramLabel = "<ns>", description = "Start time, Unix ns.")
  Long startTime;

  @Option(names = "--end-time", paramLabel = "<ns>", description = "End time, Unix ns.")
  Long endTime;

  @Option(
      names = "--hash",
      paramLabel = "<hex>",
      description = "Message hash to look up, 64 hex digits (repeatable; store v3 only).")
  List<String> hashes = new ArrayList<>();

  @Option(names = "--page-size", paramLabel = "<n>", description = "Page size (server default).")
  Long pageSize;

  @Option(names = "--backward", description = "Page from the newest entry backwards.")
  boolean backward;

  @Option(names = "--all", description = "Follow the cursor through all pages.")
  boolean all;

  @Option(names = "--legacy", description = "Use legacy store /vac/waku/store/2.0.0-beta4.")
  boolean legacy;

  @Option(
      names = "--hashes-only",
      description = "Ask for hashes only (include_data = false; store v3 only).")
  boolean hashesOnly;

  @Option(
      names = "--cluster-id",
      paramLabel = "<id>",
      defaultValue = "0",
      description = "Our metadata cluster id; must match the store node's (default: 0).")
  int clusterId;

  @Option(
      names = "--timeout",
      defaultValue = "PT30S",
      description = "Per request timeout (ISO-8601, default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    JsonLines out = new JsonLines(spec.commandLine().getOut());
    List<MessageHash> parsedHashes = new ArrayList<>();
    for (String h : hashes) {
      try {
        parsedHashes.add(MessageHash.parse(h));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "bad --hash " + h, e);
      }
    }
    if (legacy && (!parsedHashes.isEmpty() || hashesOnly)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--hash and --hashes-only need store v3 (drop --legacy)");
    }
    PeerId target = peer.peerId().orElseThrow();
    SecureRandom random = new SecureRandom();
    WakuV2Config cfg =
        WakuV2Config.defaults(
                dev.causeway.libp2p.crypto.Keys.generateSecp256k1(random), List.of(), List.of())
            .withClusterId(clusterId);
    try (WakuV2Node n = new WakuV2Node(cfg, new SimpleMeterRegistry(), Clock.systemUTC(), random)) {
      n.start();
      try {
        n.host().dial(peer).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return legacy ? legacy(n, target, out) : v3(n, target, parsedHashes, out);
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof StoreException se && se.reason() == StoreException.Reason.STATUS) {
          return Stderr.fail(err, FAILURE_STATUS, "store-query: " + se.getMessage());
        }
        return Stderr.fail(err, NO_ANSWER, "store-query: no answer: " + c.getMessage());
      } catch (TimeoutException e) {
        return Stderr.fail(err, NO_ANSWER, "store-query: no answer within " + timeout);
      }
    }
  }

  private int v3(WakuV2Node n, PeerId target, List<MessageHash> parsedHashes, JsonLines out)
      throws Exception {
    StoreClient client = new StoreClient(n.host(), timeout);
    StoreQueryRequest.Builder b =
        StoreQueryRequest.builder(client.newRequestId())
            .includeData(!hashesOnly)
            .forward(!backward)
            .hashes(parsedHashes);
    if (pubsubTopic != null) {
      b.pubsubTopic(pubsubTopic);
    }
    contentTopics.forEach(t -> b.contentTopic(t.toString()));
    if (startTime != null) {
      b.timeStart(startTime);
    }
    if (endTime != null) {
      b.timeEnd(endTime);
    }
    if (pageSize != null) {
      b.limit(pageSize);
    }
    StoreQueryRequest request = b.build();
    if (all) {
      client
          .queryAll(target, request, MAX_PAGES, page -> printV3(page, out))
          .get(timeout.toNanos() * MAX_PAGES, TimeUnit.NANOSECONDS);
      return 0;
    }
    StoreQueryResponse r =
        client.query(target, request).get(2 * timeout.toNanos(), TimeUnit.NANOSECONDS);
    printV3(r, out);
    return r.isSuccess() ? 0 : FAILURE_STATUS;
  }

  private static void printV3(StoreQueryResponse r, JsonLines out) {
    for (WakuMessageKeyValue kv : r.messages()) {
      Map<String, Object> m = JsonLines.object("message");
      m.put("hash", kv.messageHash().to0xHex());
      kv.pubsubTopic().ifPresent(t -> m.put("pubsubTopic", t.toString()));
      kv.message().ifPresent(msg -> describe(msg, m));
      out.print(m);
    }
    Map<String, Object> p = JsonLines.object("page");
    p.put("requestId", r.requestId());
    p.put("status", r.statusCode().isPresent() ? r.statusCode().getAsInt() : null);
    p.put("statusDesc", r.statusDesc());
    p.put("count", r.messages().size());
    p.put("cursor", r.paginationCursor().map(MessageHash::to0xHex).orElse(null));
    out.print(p);
  }

  private int legacy(WakuV2Node n, PeerId target, JsonLines out) throws Exception {
    LegacyStoreClient client = new LegacyStoreClient(n.host(), timeout);
    HistoryQuery q =
        new HistoryQuery(
            pubsubTopic == null ? "" : pubsubTopic.toString(),
            contentTopics.stream().map(ContentTopic::toString).toList(),
            Optional.of(
                new PagingInfo(
                    pageSize == null ? 0 : pageSize,
                    Optional.empty(),
                    backward ? PagingInfo.BACKWARD : PagingInfo.FORWARD)),
            startTime == null ? OptionalLong.empty() : OptionalLong.of(startTime),
            endTime == null ? OptionalLong.empty() : OptionalLong.of(endTime));
    if (all) {
      client
          .queryAll(target, q, MAX_PAGES, r -> printLegacy(r, out))
          .get(timeout.toNanos() * MAX_PAGES, TimeUnit.NANOSECONDS);
      return 0;
    }
    HistoryRpc rpc = client.query(target, q).get(2 * timeout.toNanos(), TimeUnit.NANOSECONDS);
    HistoryResponse r = rpc.response().orElseThrow();
    printLegacy(r, out);
    return r.error() == HistoryResponse.NONE ? 0 : FAILURE_STATUS;
  }

  private static void printLegacy(HistoryResponse r, JsonLines out) {
    for (WakuMessage msg : r.messages()) {
      Map<String, Object> m = JsonLines.object("message");
      describe(msg, m);
      out.print(m);
    }
    Map<String, Object> p = JsonLines.object("page");
    p.put("error", r.error());
    p.put("count", r.messages().size());
    p.put(
        "cursor",
        r.pagingInfo().flatMap(PagingInfo::cursor).map(c -> c.digest().to0xHex()).orElse(null));
    out.print(p);
  }

  private static void describe(WakuMessage msg, Map<String, Object> m) {
    m.put("contentTopic", msg.contentTopic());
    m.put("timestamp", msg.timestampOrZero());
    m.put("version", Integer.toUnsignedLong(msg.version()));
    m.put("payload", "0x" + Hex.encode(msg.payload()));
  }
}
