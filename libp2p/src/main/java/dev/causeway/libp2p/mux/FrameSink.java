package dev.causeway.libp2p.mux;

/**
 * Where a {@link MuxerSession} puts the encoded frames it wants sent, in order. Each array is a
 * whole number of frames, freshly allocated and owned by the sink from then on. The sink is called
 * synchronously from session and stream methods; it must not call back into the session.
 */
@FunctionalInterface
public interface FrameSink {
  void write(byte[] bytes);
}
