package dev.causeway.libp2p.multistream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.hex.Hex;
import dev.causeway.libp2p.multistream.MultistreamException.Reason;
import dev.causeway.libp2p.multistream.MultistreamNegotiator.State;
import dev.causeway.libp2p.testing.VectorFile;
import dev.causeway.libp2p.varint.Uvarint;
import dev.causeway.testing.RandomInputs;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Initiator and responder wired together, checked byte for byte against the exchanges of
 * vectors/multistream/exchanges.txt (spec libp2p-core.md §2), with every write split at every byte
 * offset; plus the edge cases of §2.2 and §12 item 9.
 */
class MultistreamNegotiationTest {
  private static final String HEADER = Multistream.PROTOCOL_ID;
  private static final byte[] APP_DATA = {0x0b, 0x0a, 0x01, 0x02, (byte) 0xff, 0x00, 0x13};

  /** One exchange of the vector file. */
  record Exchange(
      String name,
      List<String> proposals,
      List<String> supported,
      boolean eagerResponder,
      List<Step> steps,
      String initiatorOutcome,
      String responderOutcome) {
    @Override
    public String toString() {
      return name;
    }
  }

  record Step(boolean fromInitiator, byte[] bytes) {}

  static Stream<Exchange> exchanges() {
    return VectorFile.rows("/vectors/multistream/exchanges.txt", "exchange").stream()
        .map(
            f -> {
              List<Step> steps = new ArrayList<>();
              for (String s : f[4].split("\\s+")) {
                steps.add(new Step(s.charAt(0) == '>', Hex.decode(s.substring(1))));
              }
              return new Exchange(
                  f[0],
                  List.of(f[1].split(",")),
                  List.of(f[2].split(",")),
                  f[3].equals("eager"),
                  steps,
                  f[5],
                  f[6]);
            });
  }

  static Stream<Arguments> exchangesWithSplits() {
    return exchanges()
        .flatMap(
            ex -> {
              int longest = ex.steps().stream().mapToInt(s -> s.bytes().length).max().orElse(0);
              List<Arguments> out = new ArrayList<>();
              for (int split = 1; split < longest; split++) {
                out.add(Arguments.of(ex, split));
              }
              return out.stream();
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exchanges")
  void exchangeMatchesVectorByteForByte(Exchange ex) {
    run(ex, Integer.MAX_VALUE);
  }

  @ParameterizedTest(name = "{0} split at {1}")
  @MethodSource("exchangesWithSplits")
  void exchangeMatchesVectorWhenEveryWriteIsSplit(Exchange ex, int split) {
    run(ex, split);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exchanges")
  void exchangeMatchesVectorWhenFedOneByteAtATime(Exchange ex) {
    run(ex, -1);
  }

  /**
   * Plays {@code ex}: each side's pending output must equal the next step from that side; the step
   * is delivered to the other side split at {@code split} (whole if larger, byte by byte if -1).
   */
  private static void run(Exchange ex, int split) {
    MultistreamInitiator init = MultistreamInitiator.create(ex.proposals());
    MultistreamResponder resp =
        MultistreamResponder.builder(ex.supported()::contains)
            .listed(ex.supported())
            .sendHeaderFirst(ex.eagerResponder())
            .build();
    ByteArrayOutputStream fromInit = new ByteArrayOutputStream();
    ByteArrayOutputStream fromResp = new ByteArrayOutputStream();
    fromInit.writeBytes(init.takeOutbound());
    fromResp.writeBytes(resp.takeOutbound());

    for (Step step : ex.steps()) {
      ByteArrayOutputStream source = step.fromInitiator() ? fromInit : fromResp;
      assertThat(Hex.encode(source.toByteArray()))
          .as("%s: write from %s", ex.name(), step.fromInitiator() ? "initiator" : "responder")
          .isEqualTo(Hex.encode(step.bytes()));
      source.reset();
      MultistreamNegotiator receiver = step.fromInitiator() ? resp : init;
      ByteArrayOutputStream receiverOut = step.fromInitiator() ? fromResp : fromInit;
      byte[] b = step.bytes();
      int chunk = split < 0 ? 1 : Math.min(split, b.length);
      for (int off = 0; off < b.length; off += chunk) {
        int len = Math.min(chunk, b.length - off);
        try {
          receiver.onInbound(b, off, len);
        } catch (MultistreamException e) {
          assertThat(receiver.failure()).containsSame(e);
        }
        receiverOut.writeBytes(receiver.takeOutbound());
      }
    }

    assertThat(fromInit.size()).as("initiator output left over").isZero();
    assertThat(fromResp.size()).as("responder output left over").isZero();
    assertThat(outcome(init)).isEqualTo(ex.initiatorOutcome());
    assertThat(outcome(resp)).isEqualTo(ex.responderOutcome());
    assertThat(init.remainingBytes()).isEmpty();
    assertThat(resp.remainingBytes()).isEmpty();
  }

  private static String outcome(MultistreamNegotiator n) {
    return switch (n.state()) {
      case IN_PROGRESS -> "in-progress";
      case SELECTED -> "selected:" + n.selectedProtocol().orElseThrow();
      case FAILED -> "failed:" + n.failure().orElseThrow().reason();
    };
  }

  private static byte[] msgs(String... lines) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String l : lines) {
      out.writeBytes(MultistreamCodec.encode(l));
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  // ---- optimistic selection / leftover bytes (spec §2.2, §12 item 9) ----

  @Test
  void responderKeepsProtocolBytesThatFollowTheProposalInTheSameRead() throws Exception {
    MultistreamResponder resp = MultistreamResponder.create(List.of("/ipfs/id/1.0.0"));
    byte[] read = concat(msgs(HEADER, "/ipfs/id/1.0.0"), APP_DATA);

    resp.onInbound(read);

    assertThat(resp.state()).isEqualTo(State.SELECTED);
    assertThat(resp.selectedProtocol()).contains("/ipfs/id/1.0.0");
    assertThat(resp.remainingBytes()).isEqualTo(APP_DATA);
    assertThat(resp.takeOutbound()).isEqualTo(msgs(HEADER, "/ipfs/id/1.0.0"));
  }

  @Test
  void responderKeepsLeftoverBytesWhenTheProposalCompletesInALaterRead() throws Exception {
    MultistreamResponder resp = MultistreamResponder.create(List.of("/noise"));
    byte[] all = concat(msgs(HEADER, "/noise"), APP_DATA);
    for (int split = 0; split < all.length - APP_DATA.length; split++) {
      MultistreamResponder r = MultistreamResponder.create(List.of("/noise"));
      r.onInbound(all, 0, split);
      assertThat(r.state()).isEqualTo(State.IN_PROGRESS);
      r.onInbound(all, split, all.length - split);
      assertThat(r.remainingBytes()).as("split %d", split).isEqualTo(APP_DATA);
    }
    resp.onInbound(msgs(HEADER, "/noise"));
    assertThat(resp.remainingBytes()).isEmpty();
  }

  @Test
  void initiatorKeepsProtocolBytesThatFollowTheEcho() throws Exception {
    MultistreamInitiator init = MultistreamInitiator.create("/ipfs/id/1.0.0");
    init.takeOutbound();

    init.onInbound(concat(msgs(HEADER, "/ipfs/id/1.0.0"), APP_DATA));

    assertThat(init.selectedProtocol()).contains("/ipfs/id/1.0.0");
    assertThat(init.remainingBytes()).isEqualTo(APP_DATA);
    assertThat(init.hasOutbound()).isFalse();
  }

  @Test
  void optimisticInitiatorSendsHeaderAndProposalAndAllowsEarlyWrites() throws Exception {
    MultistreamInitiator init = MultistreamInitiator.optimistic("/vac/waku/relay/2.0.0");
    MultistreamResponder resp = MultistreamResponder.create(List.of("/vac/waku/relay/2.0.0"));
    assertThat(init.isOptimistic()).isTrue();

    byte[] firstWrite = concat(init.takeOutbound(), APP_DATA);
    resp.onInbound(firstWrite);
    init.onInbound(resp.takeOutbound());

    assertThat(resp.remainingBytes()).isEqualTo(APP_DATA);
    assertThat(init.state()).isEqualTo(State.SELECTED);
    assertThat(resp.state()).isEqualTo(State.SELECTED);
  }

  @Test
  void optimisticInitiatorFailsOnNa() throws Exception {
    MultistreamInitiator init = MultistreamInitiator.optimistic("/vac/waku/relay/2.0.0");
    init.takeOutbound();

    assertReason(() -> init.onInbound(msgs(HEADER, "na")), Reason.NOT_SUPPORTED);
    assertThat(init.state()).isEqualTo(State.FAILED);
    assertThat(init.hasOutbound()).isFalse();
  }

  // ---- na fallback, ls, repeated header ----

  @Test
  void initiatorWalksItsProposalsInOrderOnNa() throws Exception {
    MultistreamInitiator init = MultistreamInitiator.create(List.of("/a", "/b", "/c"));
    assertThat(init.takeOutbound()).isEqualTo(msgs(HEADER, "/a"));

    init.onInbound(msgs(HEADER, "na"));
    assertThat(init.takeOutbound()).isEqualTo(msgs("/b"));
    assertThat(init.currentProposal()).isEqualTo("/b");
    init.onInbound(msgs("na"));
    assertThat(init.takeOutbound()).isEqualTo(msgs("/c"));
    init.onInbound(msgs("/c"));

    assertThat(init.selectedProtocol()).contains("/c");
  }

  @Test
  void responderAnswersNaAndThenAcceptsALaterProposal() throws Exception {
    MultistreamResponder resp = MultistreamResponder.create(List.of("/noise"));

    resp.onInbound(msgs(HEADER, "/tls/1.0.0", "/yamux/1.0.0", "/noise"));

    assertThat(resp.takeOutbound()).isEqualTo(msgs(HEADER, "na", "na", "/noise"));
    assertThat(resp.selectedProtocol()).contains("/noise");
  }

  @Test
  void responderListsProtocolsOnLsInSpecForm() throws Exception {
    MultistreamResponder resp =
        MultistreamResponder.create(List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0"));

    resp.onInbound(msgs(HEADER, "ls"));

    assertThat(Hex.encode(resp.takeOutbound()))
        .isEqualTo(
            Hex.encode(msgs(HEADER))
                + "230f2f697066732f69642f312e302e300a112f697066732f70696e672f312e302e300a0a");
    resp.onInbound(msgs("/ipfs/ping/1.0.0"));
    assertThat(resp.selectedProtocol()).contains("/ipfs/ping/1.0.0");
  }

  @Test
  void responderWithoutListAnswersLsWithNa() throws Exception {
    MultistreamResponder resp = MultistreamResponder.builder(p -> p.startsWith("/x/")).build();

    resp.onInbound(msgs(HEADER, "ls", "/x/1"));

    assertThat(resp.takeOutbound()).isEqualTo(msgs(HEADER, "na", "/x/1"));
    assertThat(resp.selectedProtocol()).contains("/x/1");
  }

  @Test
  void responderCreatedWithAListTooLongForOneMessageAnswersLsWithNa() throws Exception {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      many.add("/some/rather/long/protocol/name/" + i + "/1.0.0");
    }
    MultistreamResponder resp = MultistreamResponder.create(many);

    resp.onInbound(msgs(HEADER, "ls", many.get(39)));

    assertThat(resp.takeOutbound()).isEqualTo(msgs(HEADER, "na", many.get(39)));
    assertThatThrownBy(() -> MultistreamResponder.builder(many::contains).listed(many))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void responderAnswersRepeatedHeaderAndCommandsWithNaEvenIfThePredicateAcceptsAnything()
      throws Exception {
    MultistreamResponder resp = MultistreamResponder.builder(p -> true).build();

    resp.onInbound(msgs(HEADER, HEADER, "na", ""));

    assertThat(resp.takeOutbound()).isEqualTo(msgs(HEADER, "na", "na", "na"));
    assertThat(resp.state()).isEqualTo(State.IN_PROGRESS);
  }

  @Test
  void eagerResponderSendsHeaderBeforeReadingAndNotAgain() throws Exception {
    MultistreamResponder resp =
        MultistreamResponder.builder(List.of("/noise")::contains).sendHeaderFirst(true).build();
    assertThat(resp.takeOutbound()).isEqualTo(msgs(HEADER));

    resp.onInbound(msgs(HEADER, "/noise"));

    assertThat(resp.takeOutbound()).isEqualTo(msgs("/noise"));
  }

  // ---- failures ----

  @Test
  void responderRejectsWrongHeader() {
    MultistreamResponder resp = MultistreamResponder.create(List.of("/noise"));

    assertReason(() -> resp.onInbound(msgs("/multistream/2.0.0", "/noise")), Reason.BAD_HEADER);
    assertThat(resp.state()).isEqualTo(State.FAILED);
    assertThat(resp.failure())
        .hasValueSatisfying(e -> assertThat(e.reason()).isEqualTo(Reason.BAD_HEADER));
    assertThat(resp.hasOutbound()).isFalse();
    assertThatThrownBy(() -> resp.onInbound(msgs(HEADER)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void responderRejectsProposalSentWithoutHeader() {
    MultistreamResponder resp = MultistreamResponder.create(List.of("/noise"));
    assertReason(() -> resp.onInbound(msgs("/noise")), Reason.BAD_HEADER);
  }

  @Test
  void initiatorRejectsWrongHeader() {
    MultistreamInitiator init = MultistreamInitiator.create("/noise");
    assertReason(() -> init.onInbound(msgs("/noise", HEADER)), Reason.BAD_HEADER);
    assertReason(
        () -> MultistreamInitiator.create("/noise").onInbound(msgs("na")), Reason.BAD_HEADER);
  }

  @Test
  void initiatorRejectsAnEchoOfSomethingElse() {
    MultistreamInitiator init =
        MultistreamInitiator.create(List.of("/yamux/1.0.0", "/mplex/6.7.0"));
    assertReason(() -> init.onInbound(msgs(HEADER, "/mplex/6.7.0")), Reason.UNEXPECTED_MESSAGE);
  }

  @Test
  void rejectsMessagesLongerThan1024BytesBeforeReadingThem() {
    byte[] header = msgs(HEADER);
    byte[] hugePrefix = Uvarint.encode(Multistream.MAX_MESSAGE_LENGTH + 1);
    MultistreamResponder resp = MultistreamResponder.create(List.of("/noise"));
    assertReason(() -> resp.onInbound(concat(header, hugePrefix)), Reason.MESSAGE_TOO_LARGE);

    MultistreamInitiator init = MultistreamInitiator.create("/noise");
    assertReason(() -> init.onInbound(Uvarint.encode(1L << 40)), Reason.MESSAGE_TOO_LARGE);
  }

  @Test
  void acceptsProposalOfExactly1024Bytes() throws Exception {
    String longId = "/" + "p".repeat(Multistream.MAX_MESSAGE_LENGTH - 2);
    MultistreamResponder resp = MultistreamResponder.create(List.of(longId));

    resp.onInbound(msgs(HEADER, longId));

    assertThat(resp.selectedProtocol()).contains(longId);
  }

  @Test
  void rejectsMessageWithoutNewlineAndNonMinimalLength() {
    MultistreamResponder resp = MultistreamResponder.create(List.of("/noise"));
    byte[] noNewline = "\u0006/noise".getBytes(StandardCharsets.US_ASCII);
    assertReason(() -> resp.onInbound(concat(msgs(HEADER), noNewline)), Reason.MALFORMED_MESSAGE);

    MultistreamResponder resp2 = MultistreamResponder.create(List.of("/noise"));
    byte[] nonMinimal = Hex.decode("8700" + "2f6e6f6973650a");
    assertReason(() -> resp2.onInbound(concat(msgs(HEADER), nonMinimal)), Reason.MALFORMED_MESSAGE);
  }

  @Test
  void responderGivesUpAfterTooManyRejections() throws Exception {
    MultistreamResponder resp =
        MultistreamResponder.builder(List.of("/noise")::contains).maxRejections(2).build();
    resp.onInbound(msgs(HEADER, "/a", "ls"));
    assertThat(resp.takeOutbound()).isEqualTo(msgs(HEADER, "na", "na"));

    assertReason(() -> resp.onInbound(msgs("/b", "/noise")), Reason.TOO_MANY_ATTEMPTS);
    assertThat(resp.hasOutbound()).isFalse();
  }

  @Test
  void defaultResponderToleratesSixteenRejections() throws Exception {
    MultistreamResponder resp = MultistreamResponder.create(List.of("/noise"));
    List<String> lines = new ArrayList<>(List.of(HEADER));
    for (int i = 0; i < Multistream.DEFAULT_MAX_ATTEMPTS; i++) {
      lines.add("/x/" + i);
    }
    lines.add("/noise");

    resp.onInbound(msgs(lines.toArray(String[]::new)));

    assertThat(resp.selectedProtocol()).contains("/noise");
  }

  @Test
  void initiatorRefusesUnusableProposalLists() {
    assertThatThrownBy(() -> MultistreamInitiator.create(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    List<String> tooMany = new ArrayList<>();
    for (int i = 0; i <= Multistream.DEFAULT_MAX_ATTEMPTS; i++) {
      tooMany.add("/p/" + i);
    }
    assertThatThrownBy(() -> MultistreamInitiator.create(tooMany))
        .isInstanceOf(IllegalArgumentException.class);
    for (String bad : List.of("", "na", "ls", HEADER, "/a\n")) {
      assertThatThrownBy(() -> MultistreamInitiator.create(bad))
          .as("'%s'", bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  // ---- random inputs ----

  @Test
  void randomInboundBytesOnlyGiveMultistreamException() {
    byte[][] validToResponder = {
      msgs(HEADER, "/noise"), msgs(HEADER, "/tls/1.0.0", "/noise"), msgs(HEADER, "ls", "/noise")
    };
    byte[][] validToInitiator = {msgs(HEADER, "/noise"), msgs(HEADER, "na"), msgs(HEADER)};
    int[] selected = {0};
    RandomInputs.forEachCase(
        3000,
        r -> {
          boolean toResponder = r.nextBoolean();
          MultistreamNegotiator n =
              toResponder
                  ? MultistreamResponder.builder(List.of("/noise", "/yamux/1.0.0")::contains)
                      .listed(List.of("/noise"))
                      .maxRejections(r.nextInt(4))
                      .build()
                  : MultistreamInitiator.create(List.of("/noise"));
          byte[][] valid = toResponder ? validToResponder : validToInitiator;
          byte[] in =
              r.nextInt(3) == 0
                  ? RandomInputs.bytes(r, 80)
                  : RandomInputs.mutate(r, valid[r.nextInt(valid.length)]);
          try {
            int p = 0;
            while (p < in.length && n.state() == State.IN_PROGRESS) {
              int chunk = 1 + r.nextInt(in.length - p);
              n.onInbound(in, p, chunk);
              n.takeOutbound();
              p += chunk;
            }
          } catch (MultistreamException expected) {
            assertThat(n.state()).isEqualTo(State.FAILED);
            assertThat(n.failure()).containsSame(expected);
          }
          if (n.state() == State.SELECTED) {
            selected[0]++;
            assertThat(n.selectedProtocol())
                .hasValueSatisfying(s -> assertThat(s).isIn("/noise", "/yamux/1.0.0"));
          }
        });
    assertThat(selected[0]).as("some mutated exchanges still select").isPositive();
  }

  private static void assertReason(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOf(MultistreamException.class)
        .satisfies(e -> assertThat(((MultistreamException) e).reason()).isEqualTo(reason));
  }
}
