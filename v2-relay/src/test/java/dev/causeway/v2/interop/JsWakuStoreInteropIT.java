package dev.causeway.v2.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.common.hex.Hex;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.testing.JsFixturePeer;
import dev.causeway.v2.store.StoreConfig;
import dev.causeway.v2.store.StoreFixtures;
import dev.causeway.v2.store.StoreTestNetwork;
import dev.causeway.v2.store.archive.ArchivedMessage;
import dev.causeway.v2.store.archive.InMemoryArchive;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The current js-waku light client ({@code @waku/sdk} 0.0.36) queries our store v3 over WebSocket
 * and pages through every stored message in both directions (v2-store.md §3.3: js-waku pages until
 * an empty page, using the first/last hash of a page as its next cursor, so any stored hash must
 * work as a cursor and the end is an empty 200 page). Asserts js-waku saw exactly the stored set,
 * each hash once, in store order, every page ascending.
 */
class JsWakuStoreInteropIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private StoreTestNetwork net;

  @BeforeEach
  void setUp() {
    JsFixturePeer.assumeInteropEnabled();
    JsWakuStoreClient.ensureInstalled();
    net = new StoreTestNetwork(Clock.systemUTC());
  }

  @AfterEach
  void tearDown() throws Exception {
    if (net != null) {
      net.close();
    }
  }

  @Test
  void jsWakuPagesThroughEveryStoredMessageBothWays() throws Exception {
    List<ArchivedMessage> stored = StoreFixtures.messagesOn(StoreFixtures.TOPIC_A, 47);
    StoreTestNetwork.Served s = net.storeNode(net.archive(stored), StoreConfig.defaults());
    String ws =
        s.node().listenAddresses().stream()
            .filter(Multiaddr::isWebSocket)
            .findFirst()
            .orElseThrow()
            .toString();
    List<ArchivedMessage> sorted = new ArrayList<>(stored);
    sorted.sort(InMemoryArchive.ORDER);
    List<String> expected = sorted.stream().map(m -> Hex.encode(m.hash().bytes())).toList();

    try (JsWakuStoreClient js =
        JsWakuStoreClient.dial(
            ws,
            StoreFixtures.TOPIC_A.clusterId(),
            StoreFixtures.TOPIC_A.shardId(),
            StoreFixtures.CONTENT.subList(0, 2))) {
      js.awaitListening(TIMEOUT);
      for (boolean forward : new boolean[] {true, false}) {
        List<List<String>> pages = js.query(forward, 10, TIMEOUT);
        assertThat(pages).hasSize(5);
        List<String> traversal = new ArrayList<>();
        for (List<String> page : pages) {
          assertThat(page)
              .isSortedAccordingTo(
                  (x, y) -> Integer.compare(expected.indexOf(x), expected.indexOf(y)));
          List<String> t = new ArrayList<>(page);
          if (!forward) {
            Collections.reverse(t);
          }
          traversal.addAll(t);
        }
        List<String> want = new ArrayList<>(expected);
        if (!forward) {
          Collections.reverse(want);
        }
        assertThat(traversal).as(forward ? "forward" : "backward").containsExactlyElementsOf(want);
      }
    }
    // 5 pages and the final empty page, each way.
    assertThat(s.protocol().metrics().answeredCount(200)).isEqualTo(12);
  }
}
