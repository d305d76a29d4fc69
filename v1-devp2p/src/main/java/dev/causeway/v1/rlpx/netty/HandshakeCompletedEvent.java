package dev.causeway.v1.rlpx.netty;

/** Fired down the pipeline once the RLPx handshake succeeded and framing is installed. */
record HandshakeCompletedEvent(byte[] remoteNodeId) {}
