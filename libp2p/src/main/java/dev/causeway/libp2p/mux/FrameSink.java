package dev.causeway.libp2p.mux;

import java.util.Arrays;

/**
 * Where a {@link MuxerSession} puts the encoded frames it wants sent, in order. Each array given to
 * {@link #write(byte[])} is a whole number of frames, freshly allocated and owned by the sink from
 * then on. The sink is called synchronously from session and stream methods; it must not call back
 * into the session.
 */
@FunctionalInterface
public interface FrameSink {
  void write(byte[] bytes);

  /**
   * Writes one frame given as its encoded header and a payload slice, both only borrowed for the
   * call (data frames, so that a sink that copies anyway need not receive a joined copy first). The
   * default joins them into a fresh array for {@link #write(byte[])}.
   */
  default void write(byte[] header, byte[] payload, int off, int len) {
    byte[] frame = Arrays.copyOf(header, header.length + len);
    System.arraycopy(payload, off, frame, header.length, len);
    write(frame);
  }
}
