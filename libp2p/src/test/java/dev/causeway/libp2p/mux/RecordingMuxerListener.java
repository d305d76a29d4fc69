package dev.causeway.libp2p.mux;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link MuxerListener} that keeps the streams the peer opened, optionally giving each a {@link
 * RecordingStreamListener} at once, and the close reason.
 */
public final class RecordingMuxerListener implements MuxerListener {
  public final List<MuxedStream> remoteStreams = new ArrayList<>();
  public final List<RecordingStreamListener> listeners = new ArrayList<>();
  public final boolean listenAtOnce;
  public String closedReason;

  /** Extra behaviour run for every remote stream, after recording it. */
  public Consumer<MuxedStream> onRemote = s -> {};

  public RecordingMuxerListener(boolean listenAtOnce) {
    this.listenAtOnce = listenAtOnce;
  }

  @Override
  public void onRemoteStream(MuxedStream stream) {
    remoteStreams.add(stream);
    if (listenAtOnce) {
      RecordingStreamListener l = new RecordingStreamListener();
      listeners.add(l);
      stream.setListener(l);
    }
    onRemote.accept(stream);
  }

  @Override
  public void onSessionClosed(String reason) {
    if (closedReason != null) {
      throw new AssertionError("onSessionClosed twice: " + closedReason + " / " + reason);
    }
    closedReason = reason;
  }
}
