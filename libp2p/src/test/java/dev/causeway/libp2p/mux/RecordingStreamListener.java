package dev.causeway.libp2p.mux;

import java.io.ByteArrayOutputStream;

/** A {@link StreamListener} that keeps everything it is told, and checks the event order. */
public final class RecordingStreamListener implements StreamListener {
  public final ByteArrayOutputStream data = new ByteArrayOutputStream();
  public boolean remoteClosed;
  public boolean reset;
  public int events;

  @Override
  public void onData(byte[] b, int off, int len) {
    if (remoteClosed || reset) {
      throw new AssertionError("data after close or reset");
    }
    if (len <= 0) {
      throw new AssertionError("empty data event");
    }
    data.write(b, off, len);
    events++;
  }

  @Override
  public void onRemoteClose() {
    if (remoteClosed || reset) {
      throw new AssertionError("remote close twice or after reset");
    }
    remoteClosed = true;
    events++;
  }

  @Override
  public void onReset() {
    if (reset) {
      throw new AssertionError("reset twice");
    }
    reset = true;
    events++;
  }

  public byte[] bytes() {
    return data.toByteArray();
  }
}
