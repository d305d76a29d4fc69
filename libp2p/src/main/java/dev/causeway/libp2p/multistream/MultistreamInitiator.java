package dev.causeway.libp2p.multistream;

import dev.causeway.libp2p.multistream.MultistreamException.Reason;
import java.util.List;

/**
 * The initiator (dialer, stream opener) of a multistream-select negotiation (spec libp2p-core.md
 * §2.2): proposes its protocols in order of preference until the responder echoes one.
 *
 * <p>The first outbound write holds the header and the first proposal together; each {@code na}
 * makes it send the next proposal (without a new header) and a {@code na} to the last one fails
 * with {@link Reason#NOT_SUPPORTED}. It reads the responder's header before the answers, so it does
 * not matter whether the responder sent its header before or after reading ours.
 *
 * <p>An {@linkplain #optimistic(String) optimistic} ("lazy") initiator proposes a single protocol
 * and lets the caller write that protocol's first bytes right after the proposal, without waiting
 * for the echo; inbound bytes still go through {@link #onInbound} until {@link State#SELECTED}.
 */
public final class MultistreamInitiator extends MultistreamNegotiator {
  /*
   * States (internal):
   *   AWAIT_HEADER  - our header + first proposal are queued; the next message must be the header.
   *   AWAIT_ANSWER  - the next message answers proposals[index]: its echo selects it, "na" moves to
   *                   the next proposal, anything else is a protocol violation.
   * The proposal list is bounded (DEFAULT_MAX_ATTEMPTS) so a caller cannot build an unbounded
   * exchange, and protocol ids are validated up front so that sending never fails mid-negotiation.
   */

  private enum Phase {
    AWAIT_HEADER,
    AWAIT_ANSWER
  }

  private final List<String> proposals;
  private final boolean optimistic;
  private Phase phase = Phase.AWAIT_HEADER;
  private int index;

  private MultistreamInitiator(List<String> proposals, boolean optimistic) {
    if (proposals.isEmpty() || proposals.size() > Multistream.DEFAULT_MAX_ATTEMPTS) {
      throw new IllegalArgumentException(
          "need 1.." + Multistream.DEFAULT_MAX_ATTEMPTS + " proposals, got " + proposals.size());
    }
    for (String p : proposals) {
      MultistreamCodec.checkLine(p);
      if (p.isEmpty()
          || p.equals(Multistream.NA)
          || p.equals(Multistream.LS)
          || p.equals(Multistream.PROTOCOL_ID)) {
        throw new IllegalArgumentException("not a protocol id: '" + p + "'");
      }
    }
    this.proposals = List.copyOf(proposals);
    this.optimistic = optimistic;
    send(Multistream.PROTOCOL_ID);
    send(this.proposals.get(0));
  }

  /**
   * An initiator proposing {@code protocols} in order of preference; its header and first proposal
   * are ready in {@link #takeOutbound()}.
   *
   * @throws IllegalArgumentException if the list is empty, longer than {@link
   *     Multistream#DEFAULT_MAX_ATTEMPTS}, or holds an id that cannot be sent
   */
  public static MultistreamInitiator create(List<String> protocols) {
    return new MultistreamInitiator(protocols, false);
  }

  /** {@link #create(List)} for one protocol. */
  public static MultistreamInitiator create(String protocol) {
    return new MultistreamInitiator(List.of(protocol), false);
  }

  /**
   * An optimistic initiator for {@code protocol}: the caller may write protocol data right after
   * {@link #takeOutbound()}. If the responder answers {@code na}, the negotiation fails and the
   * data already written is lost (the stream should be reset).
   */
  public static MultistreamInitiator optimistic(String protocol) {
    return new MultistreamInitiator(List.of(protocol), true);
  }

  /** True if protocol data may be written before the negotiation completes. */
  public boolean isOptimistic() {
    return optimistic;
  }

  /** The proposals, in order. */
  public List<String> proposals() {
    return proposals;
  }

  /** The proposal the next answer refers to. */
  public String currentProposal() {
    return proposals.get(index);
  }

  @Override
  void onMessage(String line) throws MultistreamException {
    if (phase == Phase.AWAIT_HEADER) {
      if (!line.equals(Multistream.PROTOCOL_ID)) {
        throw new MultistreamException(
            Reason.BAD_HEADER, "expected " + Multistream.PROTOCOL_ID + ", got '" + line + "'");
      }
      phase = Phase.AWAIT_ANSWER;
      return;
    }
    String proposal = proposals.get(index);
    if (line.equals(proposal)) {
      select(proposal);
      return;
    }
    if (!line.equals(Multistream.NA)) {
      throw new MultistreamException(
          Reason.UNEXPECTED_MESSAGE, "expected '" + proposal + "' or na, got '" + line + "'");
    }
    index++;
    if (index == proposals.size()) {
      index--;
      throw new MultistreamException(
          Reason.NOT_SUPPORTED, "responder supports none of " + proposals);
    }
    send(proposals.get(index));
  }
}
