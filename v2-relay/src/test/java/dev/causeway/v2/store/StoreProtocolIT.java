package dev.causeway.v2.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.libp2p.host.Connection;
import dev.causeway.libp2p.host.LengthPrefixedExchange;
import dev.causeway.libp2p.host.Stream;
import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.ProtocolIds;
import dev.causeway.v2.node.WakuV2Node;
import dev.causeway.v2.store.archive.ArchiveException;
import dev.causeway.v2.store.archive.ArchivePage;
import dev.causeway.v2.store.archive.ArchiveQuery;
import dev.causeway.v2.store.archive.ArchivedMessage;
import dev.causeway.v2.store.archive.InMemoryArchive;
import dev.causeway.v2.store.archive.InsertOutcome;
import dev.causeway.v2.store.archive.MessageArchive;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Store v3 between two {@link WakuV2Node}s over real loopback sockets (v2-store.md §2-§3): every
 * request type and status code, paging both ways through everything exactly once. The archive
 * backend is chosen by {@link StoreTestNetwork#ARCHIVE_URL}.
 */
class StoreProtocolIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Clock CLOCK = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
  private static final List<ArchivedMessage> ALL = StoreFixtures.messages(45);

  private StoreTestNetwork net;
  private List<MessageHash> stored;

  @BeforeEach
  void setUp() {
    net = new StoreTestNetwork(CLOCK);
    List<ArchivedMessage> sorted = new ArrayList<>(ALL);
    sorted.sort(InMemoryArchive.ORDER);
    stored = sorted.stream().map(ArchivedMessage::hash).toList();
  }

  @AfterEach
  void tearDown() throws Exception {
    net.close();
  }

  private static StoreQueryResponse get(CompletableFuture<StoreQueryResponse> f) throws Exception {
    return f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void pagesBothWaysThroughEverythingExactlyOnceAndIdentifyListsTheProtocol() throws Exception {
    StoreTestNetwork.Served s = net.storeNode(net.archive(ALL), StoreConfig.defaults());
    WakuV2Node client = net.clientOf(s.node());
    Connection c = client.host().connections(s.node().peerId()).get(0);
    assertThat(client.host().identified(c).get(30, TimeUnit.SECONDS).protocols())
        .contains(ProtocolIds.STORE_QUERY);

    StoreClient sc = new StoreClient(client.host(), TIMEOUT);
    for (boolean forward : new boolean[] {true, false}) {
      List<List<MessageHash>> pages = new ArrayList<>();
      int n =
          sc.queryAll(
                  s.node().peerId(),
                  StoreQueryRequest.builder(sc.newRequestId()).forward(forward).limit(7).build(),
                  100,
                  page ->
                      pages.add(
                          page.messages().stream().map(WakuMessageKeyValue::messageHash).toList()))
              .get(30, TimeUnit.SECONDS);
      assertThat(n).isEqualTo(7);
      List<MessageHash> traversal = new ArrayList<>();
      for (List<MessageHash> p : pages) {
        assertThat(p)
            .isSortedAccordingTo((x, y) -> Integer.compare(stored.indexOf(x), stored.indexOf(y)));
        List<MessageHash> t = new ArrayList<>(p);
        if (!forward) {
          Collections.reverse(t);
        }
        traversal.addAll(t);
      }
      List<MessageHash> expected = new ArrayList<>(stored);
      if (!forward) {
        Collections.reverse(expected);
      }
      assertThat(traversal).containsExactlyElementsOf(expected);
    }
    assertThat(s.protocol().metrics().answeredCount(200)).isEqualTo(14);
  }

  @Test
  void contentFilterHashLookupAndPresenceQuery() throws Exception {
    StoreTestNetwork.Served s = net.storeNode(net.archive(ALL), StoreConfig.defaults());
    WakuV2Node client = net.clientOf(s.node());
    StoreClient sc = new StoreClient(client.host(), TIMEOUT);

    StoreQueryResponse filtered =
        get(
            sc.query(
                s.node().peerId(),
                StoreQueryRequest.builder("cf")
                    .pubsubTopic(StoreFixtures.TOPIC_B)
                    .contentTopic(StoreFixtures.CONTENT.get(1))
                    .limit(100)
                    .build()));
    assertThat(filtered.statusCode()).hasValue(200);
    assertThat(filtered.requestId()).isEqualTo("cf");
    List<MessageHash> expected =
        ALL.stream()
            .sorted(InMemoryArchive.ORDER)
            .filter(m -> m.pubsubTopic().equals(StoreFixtures.TOPIC_B))
            .filter(m -> m.message().contentTopic().equals(StoreFixtures.CONTENT.get(1)))
            .map(ArchivedMessage::hash)
            .toList();
    assertThat(filtered.messages().stream().map(WakuMessageKeyValue::messageHash))
        .containsExactlyElementsOf(expected);
    assertThat(filtered.messages()).allMatch(kv -> kv.message().isPresent());

    ArchivedMessage a = ALL.get(3);
    StoreQueryResponse lookup =
        get(
            sc.query(
                s.node().peerId(),
                StoreQueryRequest.builder("h")
                    .pubsubTopic(a.pubsubTopic())
                    .hashes(List.of(a.hash(), StoreFixtures.message(500).hash()))
                    .build()));
    assertThat(lookup.messages())
        .containsExactly(WakuMessageKeyValue.of(a.hash(), a.pubsubTopic(), a.message()));

    StoreQueryResponse presence =
        get(
            sc.query(
                s.node().peerId(),
                StoreQueryRequest.builder("p")
                    .includeData(false)
                    .hashes(List.of(a.hash(), StoreFixtures.message(500).hash()))
                    .build()));
    assertThat(presence.messages()).containsExactly(WakuMessageKeyValue.hashOnly(a.hash()));
  }

  @Test
  void invalidQueryUnknownCursorAndUndecodableRequest() throws Exception {
    StoreTestNetwork.Served s = net.storeNode(net.archive(ALL), StoreConfig.defaults());
    WakuV2Node client = net.clientOf(s.node());
    StoreClient sc = new StoreClient(client.host(), TIMEOUT);

    StoreQueryResponse invalid =
        get(
            sc.query(
                s.node().peerId(),
                StoreQueryRequest.builder("mixed").pubsubTopic(StoreFixtures.TOPIC_A).build()));
    assertThat(invalid.statusCode()).hasValue(400);
    assertThat(invalid.requestId()).isEqualTo("mixed");

    StoreQueryResponse unknownCursor =
        get(
            sc.query(
                s.node().peerId(),
                StoreQueryRequest.builder("uc").cursor(StoreFixtures.message(777).hash()).build()));
    assertThat(unknownCursor.statusCode()).hasValue(300);
    assertThat(unknownCursor.requestId()).isEqualTo("uc");

    StoreQueryResponse garbage = raw(client, new byte[] {(byte) 0xff, (byte) 0xff});
    assertThat(garbage.statusCode()).hasValue(400);
    assertThat(garbage.statusDesc()).startsWith("decoding rpc failed: ");
    assertThat(s.protocol().metrics().decodeErrorCount(StoreCodecException.Reason.MALFORMED))
        .isEqualTo(1);
  }

  /** Sends {@code body} as a length-prefixed request and decodes the answer. */
  private StoreQueryResponse raw(WakuV2Node client, byte[] body) throws Exception {
    Stream stream =
        client
            .host()
            .newStream(client.host().connections().get(0).remotePeer(), List.of(StoreProtocol.ID))
            .get(30, TimeUnit.SECONDS);
    return StoreCodec.decodeResponse(
        LengthPrefixedExchange.exchange(stream, body, StoreCodec.MAX_RESPONSE_SIZE)
            .get(30, TimeUnit.SECONDS));
  }

  @Test
  void rateLimitedRequestsGet429WithNa() throws Exception {
    StoreTestNetwork.Served s =
        net.storeNode(
            net.archive(ALL),
            StoreConfig.defaults()
                .withRateLimit(new StoreConfig.RateLimit(2, Duration.ofHours(1))));
    WakuV2Node client = net.clientOf(s.node());
    StoreClient sc = new StoreClient(client.host(), TIMEOUT);
    StoreQueryRequest q = StoreQueryRequest.builder("r").build();
    assertThat(get(sc.query(s.node().peerId(), q)).statusCode()).hasValue(200);
    assertThat(get(sc.query(s.node().peerId(), q)).statusCode()).hasValue(200);
    StoreQueryResponse limited = get(sc.query(s.node().peerId(), q));
    assertThat(limited.statusCode()).hasValue(429);
    assertThat(limited.requestId()).isEqualTo("N/A");
    assertThat(limited.statusDesc()).isEqualTo("TOO_MANY_REQUESTS");
    assertThat(s.protocol().metrics().droppedCount(StoreMetrics.Drop.RATE_LIMITED)).isEqualTo(1);
  }

  /** Wraps an archive so that queries wait until released. */
  private static final class GatedArchive implements MessageArchive {
    final MessageArchive inner;
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    GatedArchive(MessageArchive inner) {
      this.inner = inner;
    }

    @Override
    public CompletableFuture<InsertOutcome> insert(ArchivedMessage m) {
      return inner.insert(m);
    }

    @Override
    public ArchivePage query(ArchiveQuery q) throws ArchiveException {
      entered.countDown();
      try {
        if (!release.await(30, TimeUnit.SECONDS)) {
          throw new ArchiveException(ArchiveException.Kind.DRIVER_ERROR, "never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ArchiveException(ArchiveException.Kind.CLOSED, "interrupted");
      }
      return inner.query(q);
    }

    @Override
    public long count() throws ArchiveException {
      return inner.count();
    }

    @Override
    public void close() {
      release.countDown();
    }
  }

  @Test
  void fullWorkerQueueGives503WithTheRequestId() throws Exception {
    GatedArchive gated = net.closeLater(new GatedArchive(net.archive(ALL)));
    StoreTestNetwork.Served s = net.storeNode(gated, StoreConfig.defaults().withWorkers(1, 0));
    WakuV2Node client = net.clientOf(s.node());
    StoreClient sc = new StoreClient(client.host(), TIMEOUT);
    CompletableFuture<StoreQueryResponse> first =
        sc.query(s.node().peerId(), StoreQueryRequest.builder("first").build());
    assertThat(gated.entered.await(30, TimeUnit.SECONDS)).isTrue();
    StoreQueryResponse second =
        get(sc.query(s.node().peerId(), StoreQueryRequest.builder("second").build()));
    assertThat(second.statusCode()).hasValue(503);
    assertThat(second.requestId()).isEqualTo("second");
    gated.release.countDown();
    assertThat(get(first).statusCode()).hasValue(200);
    assertThat(s.protocol().metrics().droppedCount(StoreMetrics.Drop.QUEUE_FULL)).isEqualTo(1);
  }
}
