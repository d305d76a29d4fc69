package dev.causeway.libp2p.multistream;

import dev.causeway.libp2p.multistream.MultistreamException.Reason;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The responder (listener, stream acceptor) of a multistream-select negotiation (spec
 * libp2p-core.md §2.2): checks the initiator's header, answers it with its own, then echoes the
 * first proposal it supports and answers {@code na} to the others.
 *
 * <p>{@code ls} is answered with the configured list (spec form, see {@link
 * MultistreamCodec#encodeLsResponse}) or with {@code na} if none was configured. A repeated header
 * is answered with {@code na} (as nim-libp2p does). Rejected proposals and {@code ls} requests
 * together are bounded by {@code maxRejections}; one more fails with {@link
 * Reason#TOO_MANY_ATTEMPTS}.
 *
 * <p>By default the header is sent after the initiator's header has been read (js-libp2p,
 * nim-libp2p); {@link Builder#sendHeaderFirst(boolean)} queues it at construction instead
 * (go-multistream). Both are legal.
 */
public final class MultistreamResponder extends MultistreamNegotiator {
  /*
   * States (internal):
   *   AWAIT_HEADER   - the next message must be /multistream/1.0.0 (else BAD_HEADER).
   *   AWAIT_PROPOSAL - each message is a proposal, "ls", or noise answered with na.
   * When a proposal is accepted the echo is queued and the loop in the base class stops, so bytes
   * the initiator sent optimistically after the proposal end up in remainingBytes(). After a na,
   * following bytes are parsed as further messages; if they were optimistic protocol data they
   * will almost surely fail to parse, which ends the negotiation, as the spec allows.
   */

  private enum Phase {
    AWAIT_HEADER,
    AWAIT_PROPOSAL
  }

  private final Predicate<String> supports;
  private final byte[] lsResponse;
  private final boolean headerFirst;
  private final int maxRejections;
  private Phase phase = Phase.AWAIT_HEADER;
  private int rejections;

  private MultistreamResponder(Builder b) {
    this.supports = b.supports;
    this.lsResponse = b.listed == null ? null : MultistreamCodec.encodeLsResponse(b.listed);
    this.headerFirst = b.headerFirst;
    this.maxRejections = b.maxRejections;
    if (headerFirst) {
      send(Multistream.PROTOCOL_ID);
    }
  }

  /**
   * A responder accepting exactly the ids in {@code supported}, which it also lists on {@code ls}
   * (in iteration order) if the list fits in one message; otherwise {@code ls} gets {@code na}.
   */
  public static MultistreamResponder create(Collection<String> supported) {
    List<String> ids = List.copyOf(supported);
    Builder b = builder(ids::contains);
    if (MultistreamCodec.lsResponseFits(ids)) {
      b.listed(ids);
    }
    return b.build();
  }

  /** A builder for a responder accepting the protocol ids {@code supports} accepts. */
  public static Builder builder(Predicate<String> supports) {
    return new Builder(supports);
  }

  @Override
  void onMessage(String line) throws MultistreamException {
    if (phase == Phase.AWAIT_HEADER) {
      if (!line.equals(Multistream.PROTOCOL_ID)) {
        throw new MultistreamException(
            Reason.BAD_HEADER, "expected " + Multistream.PROTOCOL_ID + ", got '" + line + "'");
      }
      if (!headerFirst) {
        send(Multistream.PROTOCOL_ID);
      }
      phase = Phase.AWAIT_PROPOSAL;
      return;
    }
    boolean command =
        line.equals(Multistream.NA)
            || line.equals(Multistream.LS)
            || line.equals(Multistream.PROTOCOL_ID)
            || line.isEmpty();
    if (!command && supports.test(line)) {
      send(line);
      select(line);
      return;
    }
    if (++rejections > maxRejections) {
      throw new MultistreamException(
          Reason.TOO_MANY_ATTEMPTS, "more than " + maxRejections + " rejected proposals");
    }
    if (line.equals(Multistream.LS) && lsResponse != null) {
      append(lsResponse);
    } else {
      send(Multistream.NA);
    }
  }

  /** Configuration of a {@link MultistreamResponder}. */
  public static final class Builder {
    private final Predicate<String> supports;
    private List<String> listed;
    private boolean headerFirst;
    private int maxRejections = Multistream.DEFAULT_MAX_ATTEMPTS;

    private Builder(Predicate<String> supports) {
      this.supports = Objects.requireNonNull(supports);
    }

    /**
     * The protocols to list on {@code ls}; without this, {@code ls} is answered with {@code na}.
     *
     * @throws IllegalArgumentException if the answer would not fit in one message
     */
    public Builder listed(List<String> protocols) {
      MultistreamCodec.encodeLsResponse(protocols);
      this.listed = new ArrayList<>(protocols);
      return this;
    }

    /** Queue the header at construction instead of after reading the initiator's. */
    public Builder sendHeaderFirst(boolean headerFirst) {
      this.headerFirst = headerFirst;
      return this;
    }

    /** Rejected proposals and {@code ls} requests tolerated before failing (at least 0). */
    public Builder maxRejections(int maxRejections) {
      if (maxRejections < 0) {
        throw new IllegalArgumentException("maxRejections must not be negative");
      }
      this.maxRejections = maxRejections;
      return this;
    }

    public MultistreamResponder build() {
      return new MultistreamResponder(this);
    }
  }
}
