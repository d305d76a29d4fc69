package dev.causeway.v1.rlpx.netty;

import dev.causeway.v1.rlpx.wire.DisconnectReason;
import dev.causeway.v1.rlpx.wire.HelloMessage;
import java.net.InetSocketAddress;

/** What the host sees of one devp2p connection. */
public interface Session {
  byte[] remoteNodeId();

  String shortId();

  InetSocketAddress remoteAddress();

  boolean isInbound();

  HelloMessage remoteHello();

  boolean snappy();

  void disconnect(DisconnectReason reason);
}
