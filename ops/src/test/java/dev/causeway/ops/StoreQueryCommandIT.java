package dev.causeway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.causeway.v2.store.StoreConfig;
import dev.causeway.v2.store.StoreFixtures;
import dev.causeway.v2.store.StoreTestNetwork;
import dev.causeway.v2.store.archive.ArchivedMessage;
import dev.causeway.v2.store.archive.InMemoryArchive;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code store-query} against a loopback node serving store v3 and legacy store from an in-memory
 * archive: paging through all in both directions, one page, legacy, and a refused query.
 */
class StoreQueryCommandIT {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final List<ArchivedMessage> ALL = StoreFixtures.messages(25);
  private static StoreTestNetwork net;
  private static String peer;
  private static List<String> sortedHashes;

  @BeforeAll
  static void startStore() throws Exception {
    net = new StoreTestNetwork(Clock.systemUTC());
    StoreTestNetwork.Served s = net.storeNode(net.archive(ALL), StoreConfig.defaults());
    peer = s.node().listenAddresses().get(0).toString();
    List<ArchivedMessage> sorted = new ArrayList<>(ALL);
    sorted.sort(InMemoryArchive.ORDER);
    sortedHashes = sorted.stream().map(m -> m.hash().to0xHex()).toList();
  }

  @AfterAll
  static void stop() throws Exception {
    net.close();
  }

  private record Result(int code, List<Map<String, Object>> lines, String err) {}

  @SuppressWarnings("unchecked")
  private static Result run(String... args) throws Exception {
    List<String> all =
        new ArrayList<>(List.of("store-query", "--peer", peer, "--timeout", "PT20S"));
    all.addAll(List.of(args));
    CliRun.Result r = CliRun.run(all.toArray(String[]::new));
    List<Map<String, Object>> lines = new ArrayList<>();
    for (String l : r.out().split("\n")) {
      if (!l.isBlank()) {
        lines.add(MAPPER.readValue(l, Map.class));
      }
    }
    return new Result(r.code(), lines, r.err());
  }

  private static List<String> messageHashes(Result r) {
    return r.lines().stream()
        .filter(l -> "message".equals(l.get("type")))
        .map(l -> (String) l.get("hash"))
        .toList();
  }

  @Test
  void allPagesForwardAndBackward() throws Exception {
    Result fwd = run("--all", "--page-size", "10");
    assertThat(fwd.code()).as(fwd.err()).isZero();
    assertThat(fwd.lines().stream().filter(l -> "page".equals(l.get("type")))).hasSize(3);
    assertThat(messageHashes(fwd)).containsExactlyElementsOf(sortedHashes);

    Result bwd = run("--all", "--page-size", "10", "--backward");
    assertThat(bwd.code()).as(bwd.err()).isZero();
    List<String> expected = new ArrayList<>();
    // backward pages: newest 10 (ascending), then the 10 before, then the oldest 5
    expected.addAll(sortedHashes.subList(15, 25));
    expected.addAll(sortedHashes.subList(5, 15));
    expected.addAll(sortedHashes.subList(0, 5));
    assertThat(messageHashes(bwd)).containsExactlyElementsOf(expected);
  }

  @Test
  void onePageWithCursorAndContentFilter() throws Exception {
    Result r = run("--page-size", "4");
    assertThat(r.code()).isZero();
    assertThat(messageHashes(r)).containsExactlyElementsOf(sortedHashes.subList(0, 4));
    Map<String, Object> page = r.lines().get(r.lines().size() - 1);
    assertThat(page).containsEntry("status", 200).containsEntry("cursor", sortedHashes.get(3));

    Result filtered =
        run(
            "--pubsub-topic",
            StoreFixtures.TOPIC_A.toString(),
            "--content-topic",
            StoreFixtures.CONTENT.get(0),
            "--page-size",
            "100");
    assertThat(filtered.code()).isZero();
    assertThat(filtered.lines().stream().filter(l -> "message".equals(l.get("type"))))
        .isNotEmpty()
        .allMatch(l -> StoreFixtures.CONTENT.get(0).equals(l.get("contentTopic")))
        .allMatch(l -> StoreFixtures.TOPIC_A.toString().equals(l.get("pubsubTopic")));
  }

  @Test
  void legacyPagesThroughAll() throws Exception {
    Result r = run("--legacy", "--all", "--page-size", "7");
    assertThat(r.code()).as(r.err()).isZero();
    long messages = r.lines().stream().filter(l -> "message".equals(l.get("type"))).count();
    assertThat(messages).isEqualTo(25);
    List<Object> timestamps =
        r.lines().stream()
            .filter(l -> "message".equals(l.get("type")))
            .map(l -> l.get("timestamp"))
            .toList();
    List<Long> ts = timestamps.stream().map(o -> ((Number) o).longValue()).toList();
    List<Long> sortedTs = new ArrayList<>(ts);
    Collections.sort(sortedTs);
    assertThat(ts).isEqualTo(sortedTs);
  }

  @Test
  void refusedQueryExitsWithFailureStatus() throws Exception {
    Result r = run("--pubsub-topic", StoreFixtures.TOPIC_A.toString());
    assertThat(r.code()).isEqualTo(4);
    assertThat(r.lines().get(r.lines().size() - 1)).containsEntry("status", 400);
  }
}
