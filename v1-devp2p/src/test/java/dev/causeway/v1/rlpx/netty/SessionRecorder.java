package dev.causeway.v1.rlpx.netty;

import dev.causeway.v1.rlpx.wire.DisconnectReason;
import java.util.ArrayList;
import java.util.List;

/**
 * Test support: a {@link SessionListener} that admits every session (or refuses all with a set
 * reason) and records what the host would have seen. Single-threaded, for EmbeddedChannel tests.
 */
public final class SessionRecorder implements SessionListener {
  /** One {@link #closed} call. */
  public record Closed(
      Session session, boolean admitted, DisconnectReason reason, boolean byRemote) {}

  public final List<Session> admitted = new ArrayList<>();
  public final List<Session> opened = new ArrayList<>();
  public final List<Closed> closed = new ArrayList<>();
  private DisconnectReason refusal;

  /** Refuse every later session with {@code reason} (null admits again). */
  public SessionRecorder refuseWith(DisconnectReason reason) {
    this.refusal = reason;
    return this;
  }

  @Override
  public DisconnectReason admit(Session session) {
    if (refusal != null) {
      return refusal;
    }
    admitted.add(session);
    return null;
  }

  @Override
  public void opened(Session session) {
    opened.add(session);
  }

  @Override
  public void closed(
      Session session, boolean wasAdmitted, DisconnectReason reason, boolean byRemote) {
    closed.add(new Closed(session, wasAdmitted, reason, byRemote));
  }
}
