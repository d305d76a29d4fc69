package dev.causeway.v2.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.store.archive.ArchiveException;
import dev.causeway.v2.store.archive.ArchivePage;
import dev.causeway.v2.store.archive.ArchiveQuery;
import dev.causeway.v2.store.archive.ArchivedMessage;
import dev.causeway.v2.store.archive.InMemoryArchive;
import dev.causeway.v2.store.archive.InsertOutcome;
import dev.causeway.v2.store.archive.MessageArchive;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Store v3 serving side without I/O: validation, paging, status mapping (v2-store.md §3). */
class StoreQueryHandlerTest {
  private static final Clock CLOCK = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
  private static final List<ArchivedMessage> ALL = StoreFixtures.messages(57);
  private final InMemoryArchive archive = StoreFixtures.archive(ALL);

  private StoreQueryHandler handler(MessageArchive a) {
    return new StoreQueryHandler(
        a,
        StoreConfig.defaults(),
        CLOCK,
        new StoreMetrics(new SimpleMeterRegistry(), StoreMetrics.Protocol.V3));
  }

  private static List<MessageHash> hashes(List<?> entries) {
    List<MessageHash> out = new ArrayList<>();
    for (Object o : entries) {
      out.add(
          o instanceof WakuMessageKeyValue kv ? kv.messageHash() : ((ArchivedMessage) o).hash());
    }
    return out;
  }

  /** Pages through everything, checking each page's order and cursor; returns traversal order. */
  private List<MessageHash> pageThrough(StoreQueryRequest first, int pageSize) {
    StoreQueryHandler h = handler(archive);
    List<MessageHash> seen = new ArrayList<>();
    StoreQueryRequest req = first;
    for (int i = 0; i < 100; i++) {
      StoreQueryResponse r = h.handle(req);
      assertThat(r.statusCode()).hasValue(200);
      assertThat(r.statusDesc()).isEqualTo("OK");
      assertThat(r.requestId()).isEqualTo(req.requestId());
      List<MessageHash> page = hashes(r.messages());
      assertThat(page.size()).isLessThanOrEqualTo(pageSize);
      List<ArchivedMessage> asStored = new ArrayList<>();
      for (MessageHash x : page) {
        asStored.add(ALL.stream().filter(m -> m.hash().equals(x)).findFirst().orElseThrow());
      }
      assertThat(asStored).isSortedAccordingTo(InMemoryArchive.ORDER);
      List<MessageHash> traversal = new ArrayList<>(page);
      if (!req.paginationForward()) {
        Collections.reverse(traversal);
      }
      seen.addAll(traversal);
      if (r.paginationCursor().isEmpty()) {
        return seen;
      }
      assertThat(page).hasSize(pageSize);
      assertThat(r.paginationCursor()).contains(traversal.get(traversal.size() - 1));
      req = req.withCursor("page-" + i, r.paginationCursor().get());
    }
    throw new AssertionError("paging did not end");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 20, 57, 100})
  void pagesForwardAndBackwardThroughEverythingExactlyOnce(int pageSize) {
    List<MessageHash> expected = hashes(archive.all());
    List<MessageHash> fwd =
        pageThrough(StoreQueryRequest.builder("f").limit(pageSize).build(), pageSize);
    assertThat(fwd).containsExactlyElementsOf(expected);
    List<MessageHash> bwd =
        pageThrough(
            StoreQueryRequest.builder("b").forward(false).limit(pageSize).build(), pageSize);
    List<MessageHash> reversed = new ArrayList<>(expected);
    Collections.reverse(reversed);
    assertThat(bwd).containsExactlyElementsOf(reversed);
  }

  @Test
  void pageSizeDefaultsTo20AndIsClampedTo100() {
    StoreQueryHandler h = handler(StoreFixtures.archive(StoreFixtures.messages(150)));
    assertThat(h.handle(StoreQueryRequest.builder("a").build()).messages()).hasSize(20);
    assertThat(h.handle(StoreQueryRequest.builder("a").limit(0).build()).messages()).hasSize(20);
    assertThat(h.handle(StoreQueryRequest.builder("a").limit(1000).build()).messages())
        .hasSize(100);
    assertThat(h.handle(StoreQueryRequest.builder("a").limit(-1L).build()).messages()).hasSize(100);
  }

  @Test
  void contentFilterAndInclusiveTimeRange() {
    long start = StoreFixtures.T0 + 2_000_000_000L;
    long end = StoreFixtures.T0 + 5_000_000_000L;
    StoreQueryRequest q =
        StoreQueryRequest.builder("c")
            .pubsubTopic(StoreFixtures.TOPIC_A)
            .contentTopic(StoreFixtures.CONTENT.get(0))
            .timeStart(start)
            .timeEnd(end)
            .limit(100)
            .build();
    List<MessageHash> expected =
        hashes(
            archive.all().stream()
                .filter(m -> m.pubsubTopic().equals(StoreFixtures.TOPIC_A))
                .filter(m -> m.message().contentTopic().equals(StoreFixtures.CONTENT.get(0)))
                .filter(m -> m.message().timestampOrZero() >= start)
                .filter(m -> m.message().timestampOrZero() <= end)
                .toList());
    assertThat(expected).isNotEmpty();
    assertThat(hashes(handler(archive).handle(q).messages())).containsExactlyElementsOf(expected);
  }

  @Test
  void includeDataReturnsValuesAndPresenceQueryOnlyKeys() {
    ArchivedMessage a = ALL.get(4);
    MessageHash absent = StoreFixtures.message(1000).hash();
    StoreQueryResponse withData =
        handler(archive)
            .handle(StoreQueryRequest.builder("h").hashes(List.of(a.hash(), absent)).build());
    assertThat(withData.messages())
        .containsExactly(WakuMessageKeyValue.of(a.hash(), a.pubsubTopic(), a.message()));
    StoreQueryResponse presence =
        handler(archive)
            .handle(
                StoreQueryRequest.builder("h")
                    .includeData(false)
                    .hashes(List.of(a.hash(), absent))
                    .build());
    assertThat(presence.messages()).containsExactly(WakuMessageKeyValue.hashOnly(a.hash()));
  }

  @Test
  void pubsubTopicWithHashesIsToleratedAndAnded() {
    ArchivedMessage onA = ALL.get(0);
    ArchivedMessage onB = ALL.get(1);
    StoreQueryResponse r =
        handler(archive)
            .handle(
                StoreQueryRequest.builder("js")
                    .pubsubTopic(StoreFixtures.TOPIC_A)
                    .hashes(List.of(onA.hash(), onB.hash()))
                    .build());
    assertThat(r.statusCode()).hasValue(200);
    assertThat(hashes(r.messages())).containsExactly(onA.hash());
  }

  @Test
  void afterTheLastPageAStoredHashAsCursorGivesAnEmptyOkPage() {
    MessageHash last = archive.all().get(ALL.size() - 1).hash();
    StoreQueryResponse r =
        handler(archive).handle(StoreQueryRequest.builder("js").cursor(last).build());
    assertThat(r.statusCode()).hasValue(200);
    assertThat(r.messages()).isEmpty();
    assertThat(r.paginationCursor()).isEmpty();
  }

  @Test
  void unknownCursorIs300() {
    StoreQueryResponse r =
        handler(archive)
            .handle(
                StoreQueryRequest.builder("u").cursor(StoreFixtures.message(999).hash()).build());
    assertThat(r.statusCode()).hasValue(300);
    assertThat(r.statusDesc()).startsWith("archive error: CURSOR_NOT_FOUND");
    assertThat(r.requestId()).isEqualTo("u");
  }

  static List<UnaryOperator<StoreQueryRequest.Builder>> invalid() {
    List<MessageHash> many = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      many.add(StoreFixtures.message(i).hash());
    }
    List<String> topics = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      topics.add("/app/1/t" + i + "/proto");
    }
    return List.of(
        b -> b.pubsubTopic(StoreFixtures.TOPIC_A),
        b -> b.contentTopic("/app/1/a/proto"),
        b -> b.pubsubTopic(StoreFixtures.TOPIC_A).contentTopics(topics),
        b -> b.hashes(many),
        b -> b.cursor(MessageHash.fromBytes(new byte[32])),
        b -> b.timeStart(10).timeEnd(9));
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("invalid")
  void invalidQueriesAre400WithTheRequestIdEchoed(UnaryOperator<StoreQueryRequest.Builder> f) {
    StoreQueryResponse r =
        handler(archive).handle(f.apply(StoreQueryRequest.builder("bad-1")).build());
    assertThat(r.statusCode()).hasValue(400);
    assertThat(r.statusDesc()).startsWith("invalid query: ");
    assertThat(r.requestId()).isEqualTo("bad-1");
    assertThat(r.messages()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(ArchiveException.Kind.class)
  void archiveFailuresMapToStatusCodes(ArchiveException.Kind kind) {
    MessageArchive failing =
        new MessageArchive() {
          @Override
          public CompletableFuture<InsertOutcome> insert(ArchivedMessage m) {
            throw new UnsupportedOperationException();
          }

          @Override
          public ArchivePage query(ArchiveQuery q) throws ArchiveException {
            throw new ArchiveException(kind, "boom");
          }

          @Override
          public long count() {
            return 0;
          }

          @Override
          public void close() {}
        };
    StoreQueryResponse r = handler(failing).handle(StoreQueryRequest.builder("k").build());
    int expected =
        switch (kind) {
          case INVALID_QUERY -> 400;
          case CURSOR_NOT_FOUND, DRIVER_ERROR -> 300;
          case CLOSED, OVERLOADED -> 503;
        };
    assertThat(r.statusCode()).hasValue(expected);
    assertThat(r.statusDesc()).isEqualTo("archive error: " + kind + ": boom");
    assertThat(r.paginationCursor()).isEqualTo(Optional.empty());
  }
}
