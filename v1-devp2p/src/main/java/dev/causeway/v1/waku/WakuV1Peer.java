package dev.causeway.v1.waku;

import dev.causeway.v1.rlpx.PeerConnection;
import dev.causeway.v1.rlpx.ProtocolViolation;
import dev.causeway.v1.rlpx.SubProtocolHandler;
import dev.causeway.v1.rlpx.wire.DisconnectReason;
import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.EnvelopeValidator;
import dev.causeway.v1.waku.envelope.WakuCodecException;
import dev.causeway.v1.waku.message.BatchAckMessage;
import dev.causeway.v1.waku.message.Batches;
import dev.causeway.v1.waku.message.MessageResponseMessage;
import dev.causeway.v1.waku.message.MessagesMessage;
import dev.causeway.v1.waku.message.StatusMessage;
import dev.causeway.v1.waku.message.StatusOptions;
import dev.causeway.v1.waku.message.StatusUpdateMessage;
import dev.causeway.v1.waku.message.WakuPeerState;
import dev.causeway.v1.waku.message.WakuV1MessageCodes;
import dev.causeway.v1.waku.pool.AddResult;
import dev.causeway.v1.waku.pool.EnvelopePool;
import dev.causeway.v1.waku.pool.KnownSet;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code waku/1} session ({@code v1-waku.md} §4, §8, §9): sends our Status at once, requires
 * the peer's Status first, applies Status Updates, validates and pools received envelopes, and
 * every flood interval sends the pool envelopes this peer does not know and accepts (its PoW
 * requirement, topic interest or bloom) in Messages packets that never exceed the packet limit.
 *
 * <p>All methods run on the connection's event loop. Backpressure: when the socket is not writable
 * the flush stops and the remaining envelopes stay in the pool for the next cycle; nothing is
 * queued per peer.
 */
final class WakuV1Peer implements SubProtocolHandler {
  /*
   * States: AWAIT_STATUS (our Status sent; only Status is acceptable), ACTIVE (flooding runs),
   * CLOSED (connection gone; timers cancelled, known set released).
   *
   * Rate limit: fixed one-second windows read from the injected clock. Packets beyond the
   * per-second allowance are dropped and counted; after `tolerance` windows over the limit the
   * peer is disconnected. Other peers are unaffected.
   */
  private static final Logger LOG = LoggerFactory.getLogger(WakuV1Peer.class);

  enum State {
    AWAIT_STATUS,
    ACTIVE,
    CLOSED
  }

  private final WakuV1Node node;
  private final PeerConnection conn;
  private final WakuV1Config config;
  private final EnvelopePool pool;
  private final EnvelopeValidator validator;
  private final WakuV1Metrics metrics;
  private final LongSupplier nowSeconds;
  private final KnownSet known;
  private State state = State.AWAIT_STATUS;
  private volatile WakuPeerState peerState;
  private ScheduledFuture<?> statusTimeout;
  private ScheduledFuture<?> floodTask;
  private long windowSecond = Long.MIN_VALUE;
  private long windowPackets;
  private long windowBytes;
  private boolean windowOver;
  private int overWindows;

  WakuV1Peer(
      WakuV1Node node,
      PeerConnection conn,
      WakuV1Config config,
      EnvelopePool pool,
      EnvelopeValidator validator,
      WakuV1Metrics metrics,
      LongSupplier nowSeconds) {
    this.node = node;
    this.conn = conn;
    this.config = config;
    this.pool = pool;
    this.validator = validator;
    this.metrics = metrics;
    this.nowSeconds = nowSeconds;
    this.known = pool.newKnownSet(config.poolCapacity());
  }

  void start(StatusOptions ourStatus) {
    conn.send(WakuV1MessageCodes.STATUS, new StatusMessage(ourStatus).encode());
    statusTimeout =
        conn.executor()
            .schedule(
                () -> {
                  if (state == State.AWAIT_STATUS) {
                    metrics.peerDrop(WakuV1Metrics.PeerDrop.STATUS_TIMEOUT);
                    conn.disconnect(DisconnectReason.TIMEOUT);
                  }
                },
                config.statusTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
  }

  PeerConnection connection() {
    return conn;
  }

  /** The peer's advertised options, or null before its Status. */
  WakuPeerState peerState() {
    return peerState;
  }

  boolean isActive() {
    return state == State.ACTIVE;
  }

  @Override
  public void onMessage(int code, byte[] msgData) throws ProtocolViolation {
    if (state == State.CLOSED) {
      return;
    }
    metrics.packetReceived();
    if (!withinRateLimit(msgData.length)) {
      return;
    }
    try {
      if (state == State.AWAIT_STATUS) {
        if (code != WakuV1MessageCodes.STATUS) {
          // status-go fails the handshake when anything but Status comes first (§4).
          throw new ProtocolViolation(
              DisconnectReason.BREACH_OF_PROTOCOL,
              "first waku packet was " + WakuV1MessageCodes.name(code) + ", not Status");
        }
        onStatus(StatusMessage.readFrom(msgData).options());
        return;
      }
      switch (code) {
        case WakuV1MessageCodes.STATUS -> metrics.peerDrop(WakuV1Metrics.PeerDrop.IGNORED_CODE);
        case WakuV1MessageCodes.MESSAGES ->
            onEnvelopes(
                MessagesMessage.readFrom(msgData, MessagesMessage.DEFAULT_MAX_ENVELOPES)
                    .envelopes());
        case WakuV1MessageCodes.STATUS_UPDATE -> {
          peerState = peerState.withUpdate(StatusUpdateMessage.readFrom(msgData).options());
        }
        case WakuV1MessageCodes.BATCH_ACK -> {
          // We never ask for confirmations; decode to count malformed input, then ignore.
          BatchAckMessage.readFrom(msgData);
        }
        case WakuV1MessageCodes.MESSAGE_RESPONSE -> {
          try {
            MessageResponseMessage.readFrom(msgData);
          } catch (WakuCodecException e) {
            // status-go ignores undecodable responses (unknown version); so do we.
            metrics.peerDrop(WakuV1Metrics.PeerDrop.IGNORED_CODE);
          }
        }
        case WakuV1MessageCodes.P2P_MESSAGE,
            WakuV1MessageCodes.P2P_REQUEST,
            WakuV1MessageCodes.P2P_REQUEST_COMPLETE ->
            // Mailserver traffic is only for trusted peers; we trust none (§12).
            metrics.peerDrop(WakuV1Metrics.PeerDrop.UNTRUSTED_P2P);
        default -> metrics.peerDrop(WakuV1Metrics.PeerDrop.IGNORED_CODE);
      }
    } catch (WakuCodecException e) {
      metrics.peerDrop(WakuV1Metrics.PeerDrop.MALFORMED_PACKET);
      throw new ProtocolViolation(
          DisconnectReason.BREACH_OF_PROTOCOL,
          "malformed " + WakuV1MessageCodes.name(code) + ": " + e.getMessage(),
          e);
    }
  }

  private boolean withinRateLimit(int bytes) {
    long pps = config.peerPacketsPerSecond();
    long bps = config.peerBytesPerSecond();
    if (pps <= 0 && bps <= 0) {
      return true;
    }
    long now = nowSeconds.getAsLong();
    if (now != windowSecond) {
      windowSecond = now;
      windowPackets = 0;
      windowBytes = 0;
      windowOver = false;
    }
    windowPackets++;
    windowBytes += bytes;
    boolean over = (pps > 0 && windowPackets > pps) || (bps > 0 && windowBytes > bps);
    if (!over) {
      return true;
    }
    metrics.peerDrop(WakuV1Metrics.PeerDrop.RATE_LIMITED);
    if (!windowOver) {
      windowOver = true;
      if (++overWindows > config.rateLimitTolerance()) {
        LOG.info("v1 peer {} exceeded its rate limit; disconnecting", conn.shortId());
        conn.disconnect(DisconnectReason.SUBPROTOCOL_REASON);
      }
    }
    return false;
  }

  private void onStatus(StatusOptions options) throws ProtocolViolation {
    peerState = WakuPeerState.fromStatus(options);
    if (statusTimeout != null) {
      statusTimeout.cancel(false);
    }
    state = State.ACTIVE;
    long ms = config.floodInterval().toMillis();
    floodTask = conn.executor().scheduleWithFixedDelay(this::flush, 0, ms, TimeUnit.MILLISECONDS);
    node.peerActive(this);
  }

  private void onEnvelopes(List<Envelope> envelopes) {
    for (Envelope e : envelopes) {
      // Whatever happens to it, this peer knows it: never send it back.
      known.mark(e.hash());
      if (pool.contains(e.hash())) {
        metrics.received(WakuV1Metrics.Received.DUPLICATE);
        continue;
      }
      EnvelopeValidator.Verdict v = validator.validate(e);
      if (!v.isOk()) {
        metrics.received(WakuV1Metrics.Received.of(v.result()));
        continue;
      }
      AddResult r = pool.add(e, v.pow());
      switch (r) {
        case NEW, NEW_EVICTED_EXPIRED, NEW_EVICTED_LOWEST_POW -> {
          metrics.received(WakuV1Metrics.Received.NEW);
          node.envelopeAdded(e, v.pow(), conn.shortId());
        }
        case DUPLICATE -> metrics.received(WakuV1Metrics.Received.DUPLICATE);
        case EXPIRED -> metrics.received(WakuV1Metrics.Received.EXPIRED);
        case REJECTED_FULL -> metrics.received(WakuV1Metrics.Received.POOL_FULL);
      }
    }
  }

  /** Sends what the pool holds for this peer, packet by packet, while the socket takes it. */
  void flush() {
    if (state != State.ACTIVE) {
      return;
    }
    WakuPeerState ps = peerState;
    // Leave room for the list header of the packet.
    long budget = config.maxPacketBytes() - 8;
    while (conn.isWritable()) {
      List<Envelope> batch = pool.pendingFor(known, ps, budget);
      if (batch.isEmpty()) {
        return;
      }
      Batches packets = MessagesMessage.encodeBatches(batch, config.maxPacketBytes());
      if (!packets.oversized().isEmpty()) {
        metrics.oversizedSkipped(packets.oversized().size());
      }
      int sentEnvelopes = batch.size() - packets.oversized().size();
      for (byte[] packet : packets.packets()) {
        conn.send(WakuV1MessageCodes.MESSAGES, packet);
      }
      metrics.sent(packets.packets().size(), sentEnvelopes);
    }
  }

  @Override
  public void onClose(DisconnectReason reason, boolean byRemote) {
    state = State.CLOSED;
    if (statusTimeout != null) {
      statusTimeout.cancel(false);
    }
    if (floodTask != null) {
      floodTask.cancel(false);
    }
    known.close();
    node.peerClosed(this);
  }
}
