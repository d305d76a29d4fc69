package dev.causeway.libp2p.multistream;

import dev.causeway.libp2p.multistream.MultistreamException.Reason;
import dev.causeway.libp2p.varint.LengthPrefixedReader;
import dev.causeway.libp2p.varint.MessageTooLargeException;
import dev.causeway.libp2p.varint.VarintException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One side of a multistream-select 1.0 negotiation on one channel (spec libp2p-core.md §2.2), as a
 * pure state machine: the caller feeds every inbound byte to {@link #onInbound}, writes whatever
 * {@link #takeOutbound()} returns after each call (and after construction), and watches {@link
 * #state()}.
 *
 * <p>Once the state is {@link State#SELECTED}, all further bytes on the channel belong to the
 * selected protocol: those that arrived in the same read as the deciding message are in {@link
 * #remainingBytes()} and must be passed to the protocol before anything read later (optimistic
 * selection, spec §12 item 9). The outbound bytes pending at that moment (the responder's echo)
 * must be written before any protocol data.
 *
 * <p>Legal calls: {@link #onInbound} only while {@link State#IN_PROGRESS}; the accessors at any
 * time. Not thread-safe; drive it from one thread (an event loop).
 */
public abstract sealed class MultistreamNegotiator
    permits MultistreamInitiator, MultistreamResponder {
  /*
   * Inbound bytes go through a LengthPrefixedReader bounded at MAX_MESSAGE_LENGTH, which stops at
   * every message boundary; after each message the subclass decides, and the loop ends as soon as
   * the state leaves IN_PROGRESS, so bytes after the deciding message are never parsed as
   * multistream messages. Outbound messages are appended to one buffer so that everything produced
   * by one step (header + first proposal, header + echo) goes out in a single write, which is
   * what the spec recommends and what peers that read the header and proposal from one packet
   * expect. Failures are both thrown and recorded, so a caller can react at the call site or
   * inspect the outcome later.
   */

  private static final byte[] EMPTY = new byte[0];

  /** Where a negotiation stands. */
  public enum State {
    /** Messages are still being exchanged; feed inbound bytes. */
    IN_PROGRESS,
    /** A protocol was agreed; see {@link #selectedProtocol()} and {@link #remainingBytes()}. */
    SELECTED,
    /** Negotiation failed; see {@link #failure()}. The channel should be closed or reset. */
    FAILED
  }

  private final LengthPrefixedReader reader =
      new LengthPrefixedReader(Multistream.MAX_MESSAGE_LENGTH);
  private byte[] out = new byte[64];
  private int outLen;
  private State state = State.IN_PROGRESS;
  private String selected;
  private MultistreamException failure;
  private byte[] remaining = EMPTY;

  MultistreamNegotiator() {}

  /**
   * Feeds bytes read from the channel. Stops at the message that decides the negotiation; the bytes
   * after it are then available from {@link #remainingBytes()}.
   *
   * @throws MultistreamException if the negotiation failed (the state is then {@link State#FAILED})
   * @throws IllegalStateException if the negotiation is already over
   */
  public final void onInbound(byte[] buf, int off, int len) throws MultistreamException {
    Objects.checkFromIndexSize(off, len, buf.length);
    if (state != State.IN_PROGRESS) {
      throw new IllegalStateException("negotiation already " + state);
    }
    int p = off;
    int end = off + len;
    try {
      while (p < end && state == State.IN_PROGRESS) {
        p += reader.read(buf, p, end - p);
        if (reader.hasMessage()) {
          onMessage(MultistreamCodec.decodeBody(reader.takeMessage()));
        }
      }
    } catch (MessageTooLargeException e) {
      throw fail(new MultistreamException(Reason.MESSAGE_TOO_LARGE, e.getMessage()));
    } catch (VarintException e) {
      throw fail(new MultistreamException(Reason.MALFORMED_MESSAGE, e.getMessage()));
    } catch (MultistreamException e) {
      throw fail(e);
    }
    if (state == State.SELECTED && p < end) {
      remaining = Arrays.copyOfRange(buf, p, end);
    }
  }

  /** {@link #onInbound(byte[], int, int)} over the whole array. */
  public final void onInbound(byte[] buf) throws MultistreamException {
    onInbound(buf, 0, buf.length);
  }

  /** True when there are bytes to write. */
  public final boolean hasOutbound() {
    return outLen > 0;
  }

  /** The bytes to write to the channel now, as one write (empty if none); clears them. */
  public final byte[] takeOutbound() {
    if (outLen == 0) {
      return EMPTY;
    }
    byte[] b = Arrays.copyOf(out, outLen);
    outLen = 0;
    return b;
  }

  public final State state() {
    return state;
  }

  /** The agreed protocol once {@link State#SELECTED}. */
  public final Optional<String> selectedProtocol() {
    return Optional.ofNullable(selected);
  }

  /** Why the negotiation failed once {@link State#FAILED}. */
  public final Optional<MultistreamException> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * Bytes received after the deciding message in the same {@link #onInbound} call: the first bytes
   * of the selected protocol (a copy; empty if none or not selected).
   */
  public final byte[] remainingBytes() {
    return remaining.length == 0 ? EMPTY : remaining.clone();
  }

  /** Handles one complete inbound line (newline removed). */
  abstract void onMessage(String line) throws MultistreamException;

  final void send(String line) {
    append(MultistreamCodec.encode(line));
  }

  final void append(byte[] bytes) {
    if (out.length - outLen < bytes.length) {
      out = Arrays.copyOf(out, Math.max(out.length * 2, outLen + bytes.length));
    }
    System.arraycopy(bytes, 0, out, outLen, bytes.length);
    outLen += bytes.length;
  }

  final void select(String protocol) {
    selected = protocol;
    state = State.SELECTED;
  }

  private MultistreamException fail(MultistreamException e) {
    state = State.FAILED;
    failure = e;
    return e;
  }
}
