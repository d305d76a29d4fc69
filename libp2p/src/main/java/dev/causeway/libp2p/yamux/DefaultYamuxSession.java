package dev.causeway.libp2p.yamux;

import dev.causeway.libp2p.mux.AbstractMuxerSession;
import dev.causeway.libp2p.mux.FrameSink;
import dev.causeway.libp2p.mux.MuxedStream;
import dev.causeway.libp2p.mux.MuxerException;
import dev.causeway.libp2p.mux.MuxerListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The yamux session state machine (spec libp2p-core.md §6): parses inbound frames split anywhere,
 * keeps the stream table, enforces receive windows and limits, answers pings. Not thread-safe; see
 * {@link dev.causeway.libp2p.mux.MuxerSession} for the calling rules.
 */
final class DefaultYamuxSession extends AbstractMuxerSession implements YamuxSession {
  /*
   * Parsing is incremental: a 12-byte header is collected across calls; a Data body is never
   * buffered by the session but handed to its stream piece by piece as it arrives, so memory per
   * stream is bounded by what the stream itself buffers (at most the receive window, because credit
   * is only returned for data delivered to a listener).
   *
   * Order of work for a Data / Window Update frame: SYN (accept or refuse) or ACK, window delta,
   * receive-window check, announce a new stream to the listener, flush queued sends, body, then
   * FIN / RST. Announcing after the delta lets a listener that writes in onRemoteStream use the
   * credit the SYN granted; FIN / RST after the body because a frame's flags apply to its end.
   *
   * A protocol violation tears the session down (GoAway protocol error, every stream reset) before
   * the MuxerException leaves onInbound. Frames for unknown stream ids (e.g. streams we reset) are
   * skipped silently, as nim and js do.
   *
   * Listener callbacks may re-enter the session (write, reset, open, close); every loop re-checks
   * `closed` and each stream re-checks its own state after a callback.
   */

  private final boolean client;
  final YamuxConfig config;
  private final FrameSink sink;
  private final Map<Long, YamuxStream> streams = new HashMap<>();
  private final Map<Long, Runnable> pings = new HashMap<>();
  private long nextStreamId;
  private long nextPingValue = 1;
  private int inbound;
  private int outbound;
  private int unacked;

  private final byte[] headerBuf = new byte[Yamux.HEADER_LENGTH];
  private final byte[] dataHeader = new byte[Yamux.HEADER_LENGTH]; // lent to the sink per frame
  private int headerFill;
  private YamuxFrameHeader frame; // the Data / Window Update frame being read, else null
  private long bodyRemaining;
  private YamuxStream frameStream; // its stream, null if unknown or refused (body discarded)

  private boolean goAwayReceived;

  DefaultYamuxSession(boolean client, YamuxConfig config, FrameSink sink, MuxerListener listener) {
    super(listener);
    this.client = client;
    this.config = config;
    this.sink = sink;
    this.nextStreamId = client ? 1 : 2;
  }

  @Override
  protected void parse(byte[] data, int off, int end) throws MuxerException {
    while (off < end && !isClosed()) {
      if (frame == null) {
        int n = Math.min(Yamux.HEADER_LENGTH - headerFill, end - off);
        System.arraycopy(data, off, headerBuf, headerFill, n);
        headerFill += n;
        off += n;
        if (headerFill < Yamux.HEADER_LENGTH) {
          return;
        }
        headerFill = 0;
        onHeader(YamuxFrameHeader.readFrom(headerBuf, 0));
      } else {
        int n = (int) Math.min(bodyRemaining, end - off);
        if (frameStream != null) {
          frameStream.onData(data, off, n);
        }
        off += n;
        bodyRemaining -= n;
        if (bodyRemaining == 0 && !isClosed()) {
          finishStreamFrame();
        }
      }
    }
  }

  private void onHeader(YamuxFrameHeader h) throws MuxerException {
    switch (h.type()) {
      case Yamux.TYPE_PING -> onPing(h);
      case Yamux.TYPE_GO_AWAY -> onGoAway(h);
      default -> onStreamFrame(h);
    }
  }

  private void onStreamFrame(YamuxFrameHeader h) throws MuxerException {
    long id = h.streamId();
    boolean data = h.type() == Yamux.TYPE_DATA;
    if (id == 0) {
      throw new MuxerException((data ? "Data" : "Window Update") + " frame on stream 0");
    }
    if (data && h.length() > config.receiveWindow()) {
      throw new MuxerException("Data frame of " + h.length() + " bytes exceeds the receive window");
    }
    YamuxStream s = streams.get(id);
    boolean announce = false;
    if (h.has(Yamux.FLAG_SYN)) {
      if (s != null) {
        throw new MuxerException("SYN for already open stream " + id);
      }
      if (isLocalId(id)) {
        throw new MuxerException("SYN for stream " + id + " which has our own id parity");
      }
      s = accept(id);
      announce = s != null;
    } else if (s != null && h.has(Yamux.FLAG_ACK)) {
      s.onAck();
    }
    if (s != null) {
      if (data) {
        s.takeReceiveCredit(h.length());
      } else {
        s.addSendWindow(h.length());
      }
    }
    if (announce) {
      listener.onRemoteStream(s);
      if (isClosed()) {
        return;
      }
    }
    if (s != null && !data) {
      s.flush();
      if (isClosed()) {
        return;
      }
    }
    frame = h;
    frameStream = s;
    bodyRemaining = data ? h.length() : 0;
    if (bodyRemaining == 0) {
      finishStreamFrame();
    }
  }

  private void finishStreamFrame() {
    YamuxFrameHeader h = frame;
    YamuxStream s = frameStream;
    frame = null;
    frameStream = null;
    if (s == null) {
      return;
    }
    if (h.has(Yamux.FLAG_FIN)) {
      remoteClose(s);
    }
    if (h.has(Yamux.FLAG_RST)) {
      remoteReset(s);
    }
  }

  private YamuxStream accept(long id) {
    if (goAwayReceived || inbound >= config.maxInboundStreams()) {
      writeFrame(Yamux.TYPE_WINDOW_UPDATE, Yamux.FLAG_RST, id, 0);
      return null;
    }
    int extra = config.receiveWindow() - Yamux.SPEC_INITIAL_WINDOW;
    YamuxStream s =
        new YamuxStream(this, id, false, config.initialSendWindow(), config.receiveWindow());
    streams.put(id, s);
    inbound++;
    writeFrame(Yamux.TYPE_WINDOW_UPDATE, Yamux.FLAG_ACK, id, extra);
    return s;
  }

  private void onPing(YamuxFrameHeader h) throws MuxerException {
    if (h.streamId() != 0) {
      throw new MuxerException("Ping on stream " + h.streamId());
    }
    if (h.has(Yamux.FLAG_ACK)) {
      // An answer: never answered back (§12 item 5). Unknown values are ignored.
      Runnable onAck = pings.remove(h.length());
      if (onAck != null) {
        onAck.run();
      }
    } else if (h.has(Yamux.FLAG_SYN)) {
      writeFrame(Yamux.TYPE_PING, Yamux.FLAG_ACK, 0, h.length());
    }
  }

  private void onGoAway(YamuxFrameHeader h) throws MuxerException {
    if (h.streamId() != 0) {
      throw new MuxerException("GoAway on stream " + h.streamId());
    }
    goAwayReceived = true;
    notifyClosed("peer sent GoAway (" + goAwayName(h.length()) + ")");
  }

  private static String goAwayName(long code) {
    return switch ((int) Math.min(code, Integer.MAX_VALUE)) {
      case Yamux.GO_AWAY_NORMAL -> "normal";
      case Yamux.GO_AWAY_PROTOCOL_ERROR -> "protocol error";
      case Yamux.GO_AWAY_INTERNAL_ERROR -> "internal error";
      default -> "code " + code;
    };
  }

  private boolean isLocalId(long id) {
    return ((id & 1) == 1) == client;
  }

  @Override
  public MuxedStream openStream() throws MuxerException {
    checkOpen();
    if (goAwayReceived) {
      throw new MuxerException("peer sent GoAway");
    }
    if (outbound >= config.maxOutboundStreams()) {
      throw new MuxerException("outbound stream limit reached: " + outbound);
    }
    if (unacked >= config.maxUnackedOutbound()) {
      throw new MuxerException("too many unacknowledged outbound streams: " + unacked);
    }
    if (nextStreamId > Yamux.MAX_STREAM_ID) {
      throw new MuxerException("stream ids exhausted");
    }
    long id = nextStreamId;
    nextStreamId += 2;
    YamuxStream s =
        new YamuxStream(this, id, true, config.initialSendWindow(), config.receiveWindow());
    streams.put(id, s);
    outbound++;
    unacked++;
    writeFrame(
        Yamux.TYPE_WINDOW_UPDATE,
        Yamux.FLAG_SYN,
        id,
        config.receiveWindow() - Yamux.SPEC_INITIAL_WINDOW);
    return s;
  }

  @Override
  public boolean ping(Runnable onAck) {
    Objects.requireNonNull(onAck, "onAck");
    if (isClosed() || pings.size() >= config.maxOutstandingPings()) {
      return false;
    }
    long value;
    do {
      value = nextPingValue;
      nextPingValue = (nextPingValue + 1) & 0xFFFF_FFFFL;
    } while (pings.containsKey(value));
    pings.put(value, onAck);
    writeFrame(Yamux.TYPE_PING, Yamux.FLAG_SYN, 0, value);
    return true;
  }

  @Override
  public int activeStreams() {
    return streams.size();
  }

  /** Sends GoAway (normal, or protocol error); the streams end without a frame each. */
  @Override
  protected List<YamuxStream> detachStreams(boolean protocolError) {
    writeFrame(
        Yamux.TYPE_GO_AWAY,
        0,
        0,
        protocolError ? Yamux.GO_AWAY_PROTOCOL_ERROR : Yamux.GO_AWAY_NORMAL);
    frame = null;
    frameStream = null;
    pings.clear();
    List<YamuxStream> all = new ArrayList<>(streams.values());
    streams.clear();
    inbound = 0;
    outbound = 0;
    unacked = 0;
    return all;
  }

  // ---- used by YamuxStream ----

  void remove(YamuxStream s) {
    if (streams.remove(s.id(), s)) {
      if (s.isInitiator()) {
        outbound--;
        if (!s.isAcked()) {
          unacked--;
        }
      } else {
        inbound--;
      }
    }
  }

  void onAcked(YamuxStream s) {
    if (streams.get(s.id()) == s) {
      unacked--;
    }
  }

  void writeFrame(int type, int flags, long id, long length) {
    byte[] f = new byte[Yamux.HEADER_LENGTH];
    YamuxFrameHeader.encode(f, 0, type, flags, id, length);
    sink.write(f);
  }

  void writeData(long id, byte[] data, int off, int len) {
    YamuxFrameHeader.encode(dataHeader, 0, Yamux.TYPE_DATA, 0, id, len);
    sink.write(dataHeader, data, off, len);
  }
}
