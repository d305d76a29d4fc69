package dev.causeway.v1.rlpx.host;

import dev.causeway.v1.rlpx.PeerConnection;
import dev.causeway.v1.rlpx.ProtocolViolation;
import dev.causeway.v1.rlpx.SubProtocol;
import dev.causeway.v1.rlpx.SubProtocolHandler;
import dev.causeway.v1.rlpx.wire.Capability;
import dev.causeway.v1.rlpx.wire.DisconnectReason;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A test sub-protocol {@code echo/1} with 4 codes: code 0 is echoed back as code 1, code 1 is
 * recorded, code 3 is a protocol violation.
 */
final class EchoProtocol implements SubProtocol {
  record Received(String peer, int code, byte[] data) {}

  final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  final BlockingQueue<PeerConnection> opened = new LinkedBlockingQueue<>();
  final BlockingQueue<DisconnectReason> closed = new LinkedBlockingQueue<>();

  @Override
  public Capability capability() {
    return new Capability("echo", 1);
  }

  @Override
  public int messageCount() {
    return 4;
  }

  @Override
  public SubProtocolHandler open(PeerConnection connection) {
    opened.add(connection);
    return new SubProtocolHandler() {
      @Override
      public void onMessage(int code, byte[] msgData) throws ProtocolViolation {
        switch (code) {
          case 0 -> connection.send(1, msgData);
          case 1 -> received.add(new Received(connection.shortId(), code, msgData));
          case 3 -> throw new ProtocolViolation(DisconnectReason.BREACH_OF_PROTOCOL, "code 3");
          default -> {}
        }
      }

      @Override
      public void onClose(DisconnectReason reason, boolean byRemote) {
        closed.add(reason);
      }
    };
  }
}
