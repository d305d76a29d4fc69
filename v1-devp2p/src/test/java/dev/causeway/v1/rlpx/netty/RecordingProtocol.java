package dev.causeway.v1.rlpx.netty;

import dev.causeway.v1.rlpx.PeerConnection;
import dev.causeway.v1.rlpx.SubProtocol;
import dev.causeway.v1.rlpx.SubProtocolHandler;
import dev.causeway.v1.rlpx.wire.Capability;
import dev.causeway.v1.rlpx.wire.DisconnectReason;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Test support: a sub-protocol that records every message it receives (code relative to its offset,
 * msg-data decompressed) and how its connections closed; {@code onOpen} may send something first (a
 * waku Status, say). Single-threaded, for EmbeddedChannel tests.
 */
public final class RecordingProtocol implements SubProtocol {
  /** One received message. */
  public record Message(int code, byte[] data) {}

  /** One closed connection. */
  public record Close(DisconnectReason reason, boolean byRemote) {}

  private final Capability capability;
  private final int length;
  private final Consumer<PeerConnection> onOpen;
  public final List<PeerConnection> connections = new ArrayList<>();
  public final List<Message> messages = new ArrayList<>();
  public final List<Close> closes = new ArrayList<>();

  public RecordingProtocol(Capability capability, int length, Consumer<PeerConnection> onOpen) {
    this.capability = capability;
    this.length = length;
    this.onOpen = onOpen;
  }

  public RecordingProtocol(Capability capability, int length) {
    this(capability, length, c -> {});
  }

  @Override
  public Capability capability() {
    return capability;
  }

  @Override
  public int messageCount() {
    return length;
  }

  @Override
  public SubProtocolHandler open(PeerConnection connection) {
    connections.add(connection);
    onOpen.accept(connection);
    return new SubProtocolHandler() {
      @Override
      public void onMessage(int code, byte[] msgData) {
        messages.add(new Message(code, msgData));
      }

      @Override
      public void onClose(DisconnectReason reason, boolean byRemote) {
        closes.add(new Close(reason, byRemote));
      }
    };
  }

  /** The messages received with {@code code}. */
  public List<byte[]> received(int code) {
    List<byte[]> out = new ArrayList<>();
    for (Message m : messages) {
      if (m.code() == code) {
        out.add(m.data());
      }
    }
    return out;
  }
}
