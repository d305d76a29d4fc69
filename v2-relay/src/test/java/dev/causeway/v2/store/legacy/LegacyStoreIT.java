package dev.causeway.v2.store.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.libp2p.host.Connection;
import dev.causeway.v2.core.ProtocolIds;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.node.WakuV2Node;
import dev.causeway.v2.store.StoreConfig;
import dev.causeway.v2.store.StoreFixtures;
import dev.causeway.v2.store.StoreTestNetwork;
import dev.causeway.v2.store.archive.ArchivedMessage;
import dev.causeway.v2.store.archive.InMemoryArchive;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Legacy store v2 between two nodes over loopback sockets (v2-store.md §4). */
class LegacyStoreIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final List<ArchivedMessage> ALL = StoreFixtures.messages(38);
  private final StoreTestNetwork net =
      new StoreTestNetwork(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

  @AfterEach
  void tearDown() throws Exception {
    net.close();
  }

  private static HistoryQuery all(int pageSize, int direction) {
    return new HistoryQuery(
        "",
        List.of(),
        Optional.of(new PagingInfo(pageSize, Optional.empty(), direction)),
        OptionalLong.empty(),
        OptionalLong.empty());
  }

  @Test
  void pagesBothWaysThroughEverythingExactlyOnce() throws Exception {
    StoreTestNetwork.Served s = net.storeNode(net.archive(ALL), StoreConfig.defaults());
    WakuV2Node client = net.clientOf(s.node());
    Connection c = client.host().connections(s.node().peerId()).get(0);
    assertThat(client.host().identified(c).get(30, TimeUnit.SECONDS).protocols())
        .contains(ProtocolIds.LEGACY_STORE);
    LegacyStoreClient lc = new LegacyStoreClient(client.host(), TIMEOUT);
    List<WakuMessage> expected = new ArrayList<>();
    ALL.stream().sorted(InMemoryArchive.ORDER).forEach(m -> expected.add(m.message()));
    for (int direction : new int[] {PagingInfo.FORWARD, PagingInfo.BACKWARD}) {
      List<List<WakuMessage>> pages = new ArrayList<>();
      int n =
          lc.queryAll(s.node().peerId(), all(9, direction), 100, r -> pages.add(r.messages()))
              .get(30, TimeUnit.SECONDS);
      assertThat(n).isEqualTo(5);
      List<WakuMessage> traversal = new ArrayList<>();
      for (List<WakuMessage> p : pages) {
        assertThat(p)
            .isSortedAccordingTo(
                (x, y) -> Integer.compare(expected.indexOf(x), expected.indexOf(y)));
        List<WakuMessage> t = new ArrayList<>(p);
        if (direction == PagingInfo.BACKWARD) {
          Collections.reverse(t);
        }
        traversal.addAll(t);
      }
      List<WakuMessage> want = new ArrayList<>(expected);
      if (direction == PagingInfo.BACKWARD) {
        Collections.reverse(want);
      }
      assertThat(traversal).containsExactlyElementsOf(want);
    }
  }

  @Test
  void contentFilterInvalidCursorAndRateLimit() throws Exception {
    StoreTestNetwork.Served s =
        net.storeNode(
            net.archive(ALL),
            StoreConfig.defaults()
                .withRateLimit(new StoreConfig.RateLimit(2, Duration.ofHours(1))));
    WakuV2Node client = net.clientOf(s.node());
    LegacyStoreClient lc = new LegacyStoreClient(client.host(), TIMEOUT, () -> "id-1");
    HistoryQuery filtered =
        new HistoryQuery(
            StoreFixtures.TOPIC_A.toString(),
            List.of(StoreFixtures.CONTENT.get(2)),
            Optional.of(new PagingInfo(100, Optional.empty(), PagingInfo.FORWARD)),
            OptionalLong.empty(),
            OptionalLong.empty());
    HistoryRpc ok = lc.query(s.node().peerId(), filtered).get(30, TimeUnit.SECONDS);
    assertThat(ok.requestId()).isEqualTo("id-1");
    assertThat(ok.response().orElseThrow().messages())
        .containsExactlyElementsOf(
            ALL.stream()
                .sorted(InMemoryArchive.ORDER)
                .filter(m -> m.pubsubTopic().equals(StoreFixtures.TOPIC_A))
                .filter(m -> m.message().contentTopic().equals(StoreFixtures.CONTENT.get(2)))
                .map(ArchivedMessage::message)
                .toList());
    HistoryRpc bad =
        lc.query(
                s.node().peerId(),
                all(5, 1).withCursor(LegacyStoreHandler.indexOf(StoreFixtures.message(901))))
            .get(30, TimeUnit.SECONDS);
    assertThat(bad.response().orElseThrow().error()).isEqualTo(HistoryResponse.INVALID_CURSOR);
    assertThat(bad.requestId()).isEqualTo("id-1");
    HistoryRpc limited = lc.query(s.node().peerId(), all(5, 1)).get(30, TimeUnit.SECONDS);
    assertThat(limited.response().orElseThrow().error())
        .isEqualTo(HistoryResponse.TOO_MANY_REQUESTS);
    assertThat(limited.requestId()).isEqualTo("N/A");
  }
}
