package dev.causeway.libp2p.mplex;

import dev.causeway.libp2p.mux.AbstractMuxerSession;
import dev.causeway.libp2p.mux.FrameSink;
import dev.causeway.libp2p.mux.MuxedStream;
import dev.causeway.libp2p.mux.MuxerException;
import dev.causeway.libp2p.mux.MuxerListener;
import dev.causeway.libp2p.mux.MuxerSession;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The mplex session state machine (spec libp2p-core.md §7): parses inbound frames split anywhere,
 * keeps one stream table per opener, enforces frame, stream-count and unread-buffer limits. Not
 * thread-safe; see {@link MuxerSession} for the calling rules.
 */
final class MplexSession extends AbstractMuxerSession {
  /*
   * Both sides number the streams they open from their own counter, so a stream is (id, opener).
   * Frames with an *Initiator flag come from the opener and therefore address a stream the peer
   * opened (table `remote`); *Receiver flags address a stream we opened (table `local`) (§7.2).
   *
   * The header (two varints, at most 18 bytes) is collected byte by byte and re-parsed until
   * complete; payloads are never buffered by the session but handed to the stream as they arrive.
   * Frames for unknown streams are skipped: after a reset the peer may still have frames in flight.
   *
   * mplex has no flow control, so writes go out at once (split at maxFrameLength) and a stream is
   * always writable; backpressure has to come from the connection (the integrator's channel
   * writability). Inbound data for a stream without a listener is buffered up to maxStreamBuffer,
   * beyond which the stream is reset, as js-libp2p does.
   */

  private static final int MAX_HEADER_BYTES = 18;
  private static final byte[] EMPTY = new byte[0];

  final MplexConfig config;
  private final FrameSink sink;
  private final Map<Long, MplexStream> local = new HashMap<>();
  private final Map<Long, MplexStream> remote = new HashMap<>();
  private long nextStreamId;

  private final byte[] headerBuf = new byte[MAX_HEADER_BYTES];
  private int headerFill;
  private int bodyRemaining;
  private MplexStream bodyStream; // receives the payload being read, null to skip it

  MplexSession(MplexConfig config, FrameSink sink, MuxerListener listener) {
    super(listener);
    this.config = config;
    this.sink = sink;
  }

  @Override
  protected void parse(byte[] data, int off, int end) throws MuxerException {
    while (off < end && !isClosed()) {
      if (bodyRemaining == 0) {
        headerBuf[headerFill++] = data[off++];
        MplexFrameHeader h =
            MplexFrameHeader.tryRead(headerBuf, 0, headerFill, config.maxFrameLength());
        if (h == null) {
          continue; // tryRead throws before a header can exceed MAX_HEADER_BYTES
        }
        headerFill = 0;
        onHeader(h);
      } else {
        int n = Math.min(bodyRemaining, end - off);
        MplexStream s = bodyStream;
        bodyRemaining -= n;
        if (bodyRemaining == 0) {
          bodyStream = null;
        }
        if (s != null) {
          s.onData(data, off, n);
        }
        off += n;
      }
    }
  }

  private void onHeader(MplexFrameHeader h) throws MuxerException {
    long id = h.streamId();
    MplexStream s = null;
    switch (h.flag()) {
      case Mplex.FLAG_NEW_STREAM -> acceptOrRefuse(id);
      case Mplex.FLAG_MESSAGE_RECEIVER -> s = local.get(id);
      case Mplex.FLAG_MESSAGE_INITIATOR -> s = remote.get(id);
      case Mplex.FLAG_CLOSE_RECEIVER -> remoteClose(local.get(id));
      case Mplex.FLAG_CLOSE_INITIATOR -> remoteClose(remote.get(id));
      case Mplex.FLAG_RESET_RECEIVER -> remoteReset(local.get(id));
      case Mplex.FLAG_RESET_INITIATOR -> remoteReset(remote.get(id));
      default -> throw new IllegalStateException("flag checked by the header parser");
    }
    if (isClosed()) {
      return;
    }
    bodyRemaining = h.length(); // the stream name, or a payload
    bodyStream = bodyRemaining > 0 ? s : null;
  }

  private void acceptOrRefuse(long id) throws MuxerException {
    if (remote.containsKey(id)) {
      throw new MuxerException("NewStream for already open stream " + id);
    }
    if (remote.size() >= config.maxInboundStreams()) {
      writeEmpty(id, Mplex.FLAG_RESET_RECEIVER);
      return;
    }
    MplexStream s = new MplexStream(this, id, false);
    remote.put(id, s);
    listener.onRemoteStream(s);
  }

  @Override
  public MuxedStream openStream() throws MuxerException {
    checkOpen();
    if (local.size() >= config.maxOutboundStreams()) {
      throw new MuxerException("outbound stream limit reached: " + local.size());
    }
    if (nextStreamId > Mplex.MAX_STREAM_ID) {
      throw new MuxerException("stream ids exhausted");
    }
    long id = nextStreamId++;
    MplexStream s = new MplexStream(this, id, true);
    local.put(id, s);
    // js names a stream by its decimal id, nim leaves the name empty; receivers ignore it.
    byte[] name = Long.toString(id).getBytes(StandardCharsets.US_ASCII);
    writeFrame(id, Mplex.FLAG_NEW_STREAM, name, 0, name.length);
    return s;
  }

  @Override
  public int activeStreams() {
    return local.size() + remote.size();
  }

  /** Every open stream gets a Reset on a local close (none after a protocol error). */
  @Override
  protected boolean resetsStreamsOnClose() {
    return true;
  }

  @Override
  protected List<MplexStream> detachStreams(boolean protocolError) {
    bodyRemaining = 0;
    bodyStream = null;
    List<MplexStream> all = new ArrayList<>(local.values());
    all.addAll(remote.values());
    local.clear();
    remote.clear();
    return all;
  }

  // ---- used by MplexStream ----

  void remove(MplexStream s) {
    (s.isInitiator() ? local : remote).remove(s.id(), s);
  }

  void writeEmpty(long id, int flag) {
    writeFrame(id, flag, EMPTY, 0, 0);
  }

  void writeFrame(long id, int flag, byte[] data, int off, int len) {
    sink.write(new MplexFrameHeader(id, flag, len).encodeHeader(), data, off, len);
  }
}
