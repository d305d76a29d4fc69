package dev.causeway.v2.store.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.testing.RandomInputs;
import dev.causeway.v2.core.MessageHash;
import dev.causeway.v2.core.WakuMessage;
import dev.causeway.v2.store.StoreCodecException;
import dev.causeway.v2.store.StoreConfig;
import dev.causeway.v2.store.StoreFixtures;
import dev.causeway.v2.store.archive.ArchivedMessage;
import dev.causeway.v2.store.archive.InMemoryArchive;
import dev.causeway.v2.store.legacy.pb.LegacyStoreProto;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Legacy store v2 codec and serving side without I/O (v2-store.md §4). */
class LegacyStoreTest {
  private static final List<ArchivedMessage> ALL = StoreFixtures.messages(33);
  private final InMemoryArchive archive = StoreFixtures.archive(ALL);
  private final LegacyStoreHandler handler =
      new LegacyStoreHandler(archive, StoreConfig.defaults());

  private static HistoryQuery query(long pageSize, int direction) {
    return new HistoryQuery(
        "",
        List.of(),
        Optional.of(new PagingInfo(pageSize, Optional.empty(), direction)),
        OptionalLong.empty(),
        OptionalLong.empty());
  }

  @Test
  void rpcRoundTripsAndAlwaysWritesTheRequiredFields() throws Exception {
    ArchivedMessage m = ALL.get(5);
    HistoryRpc q =
        HistoryRpc.query(
            "r1",
            new HistoryQuery(
                "/waku/2/rs/0/0",
                List.of("/a/1/b/proto", ""),
                Optional.of(
                    new PagingInfo(
                        7, Optional.of(LegacyStoreHandler.indexOf(m)), PagingInfo.FORWARD)),
                OptionalLong.of(-1),
                OptionalLong.of(5)));
    assertThat(LegacyStoreCodec.decode(LegacyStoreCodec.encode(q), 1 << 20)).isEqualTo(q);
    HistoryRpc r =
        HistoryRpc.response(
            "", new HistoryResponse(List.of(m.message()), Optional.empty(), HistoryResponse.NONE));
    byte[] bytes = LegacyStoreCodec.encode(r);
    assertThat(LegacyStoreCodec.decode(bytes, 1 << 20)).isEqualTo(r);
    LegacyStoreProto.HistoryRPC p = LegacyStoreProto.HistoryRPC.parseFrom(bytes);
    assertThat(p.hasRequestId()).isTrue();
    assertThat(p.getResponse().hasError()).isTrue();
  }

  @Test
  void randomAndMutatedInputOnlyGiveTheTypedException() {
    byte[] valid =
        LegacyStoreCodec.encode(
            HistoryRpc.response(
                "x",
                new HistoryResponse(
                    List.of(ALL.get(0).message()),
                    Optional.of(
                        new PagingInfo(1, Optional.of(LegacyStoreHandler.indexOf(ALL.get(0))), 1)),
                    0)));
    RandomInputs.forEachCase(
        3000,
        r -> {
          byte[] in = r.nextBoolean() ? RandomInputs.bytes(r, 400) : RandomInputs.mutate(r, valid);
          try {
            LegacyStoreCodec.decode(in, 1 << 16);
          } catch (StoreCodecException expected) {
            // the only failure allowed
          }
        });
  }

  private List<MessageHash> pageThrough(int pageSize, int direction) {
    List<MessageHash> traversal = new ArrayList<>();
    HistoryQuery q = query(pageSize, direction);
    for (int i = 0; i < 100; i++) {
      LegacyStoreHandler.Result r = handler.handle(q);
      assertThat(r.response().error()).isEqualTo(HistoryResponse.NONE);
      List<MessageHash> page = new ArrayList<>();
      for (WakuMessage m : r.response().messages()) {
        page.add(ALL.stream().filter(a -> a.message().equals(m)).findFirst().orElseThrow().hash());
      }
      if (direction == PagingInfo.BACKWARD) {
        Collections.reverse(page);
      }
      traversal.addAll(page);
      Optional<Index> c = r.response().pagingInfo().orElseThrow().cursor();
      if (c.isEmpty()) {
        return traversal;
      }
      assertThat(c.get().digest()).isEqualTo(page.get(page.size() - 1));
      q = q.withCursor(c.get());
    }
    throw new AssertionError("no end");
  }

  @Test
  void pagesBothWaysThroughEverythingExactlyOnce() {
    List<MessageHash> expected = archive.all().stream().map(ArchivedMessage::hash).toList();
    assertThat(pageThrough(5, PagingInfo.FORWARD)).containsExactlyElementsOf(expected);
    List<MessageHash> reversed = new ArrayList<>(expected);
    Collections.reverse(reversed);
    assertThat(pageThrough(5, PagingInfo.BACKWARD)).containsExactlyElementsOf(reversed);
  }

  @Test
  void defaultPageSizeAndDirectionAreNwakus() {
    LegacyStoreHandler.Result r =
        handler.handle(
            new HistoryQuery(
                "", List.of(), Optional.empty(), OptionalLong.empty(), OptionalLong.empty()));
    assertThat(r.response().messages()).hasSize(20);
    // backward: the newest 20, oldest first
    List<ArchivedMessage> sorted = archive.all();
    assertThat(r.response().messages())
        .containsExactlyElementsOf(
            sorted.subList(sorted.size() - 20, sorted.size()).stream()
                .map(ArchivedMessage::message)
                .toList());
  }

  @Test
  void badRequestsAreInvalidCursor() {
    List<String> eleven = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      eleven.add("/a/1/t" + i + "/proto");
    }
    Index zeroTime = new Index(ALL.get(0).hash(), 0, 0, "/waku/2/rs/0/0");
    Index unknown = LegacyStoreHandler.indexOf(StoreFixtures.message(900));
    List<HistoryQuery> bad =
        List.of(
            new HistoryQuery(
                "", eleven, Optional.empty(), OptionalLong.empty(), OptionalLong.empty()),
            new HistoryQuery(
                "/waku/2/rs/x",
                List.of(),
                Optional.empty(),
                OptionalLong.empty(),
                OptionalLong.empty()),
            query(5, 1).withCursor(zeroTime),
            query(5, 1).withCursor(unknown),
            new HistoryQuery(
                "", List.of(), Optional.empty(), OptionalLong.of(2), OptionalLong.of(1)));
    for (HistoryQuery q : bad) {
      assertThat(handler.handle(q).response().error())
          .as(q.toString())
          .isEqualTo(HistoryResponse.INVALID_CURSOR);
    }
  }

  @Test
  void boundedParseFailuresKeepTheirWording() {
    assertThatThrownBy(() -> LegacyStoreCodec.decode(new byte[11], 10))
        .isInstanceOfSatisfying(
            StoreCodecException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(StoreCodecException.Reason.TOO_LARGE);
              assertThat(e.requestId()).isEmpty();
            })
        .hasMessage("HistoryRPC of 11 bytes exceeds 10");
    assertThatThrownBy(() -> LegacyStoreCodec.decode(new byte[] {0x0c}, 10))
        .isInstanceOfSatisfying(
            StoreCodecException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreCodecException.Reason.MALFORMED))
        .hasMessageStartingWith("malformed HistoryRPC: ")
        .hasCauseInstanceOf(java.io.IOException.class);
  }
}
