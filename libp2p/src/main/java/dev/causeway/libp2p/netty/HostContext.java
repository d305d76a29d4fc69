package dev.causeway.libp2p.netty;

import dev.causeway.libp2p.crypto.PrivKey;
import dev.causeway.libp2p.host.StreamHandler;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** What a connection needs from its host. Implemented by the host; called on event loops. */
public interface HostContext {
  PrivKey identity();

  SecureRandom random();

  /** Muxers we propose when dialling, in order; we accept any of them when listening. */
  List<String> muxers();

  /** Deadline for transport-ready → muxer negotiated. */
  Duration upgradeTimeout();

  /** The handler for an inbound protocol id, or null. */
  StreamHandler handler(String protocol);

  /** Protocol ids we serve (for multistream {@code ls} and identify). */
  Set<String> protocols();

  /** The connection is secured and muxed. Return false to refuse it (it is then closed). */
  boolean connectionReady(ConnectionHandler connection);

  /** The connection closed (called once, also for connections that never became ready). */
  void connectionClosed(ConnectionHandler connection, boolean wasReady);

  /** Counts an upgrade failure by a closed set of reasons. */
  void upgradeFailed(UpgradeFailure reason);

  /** Why an upgrade failed. */
  enum UpgradeFailure {
    SECURITY_NEGOTIATION,
    NOISE,
    PEER_ID_MISMATCH,
    MUXER_NEGOTIATION,
    MUXER_PROTOCOL,
    TIMEOUT,
    /** The host refused the upgraded connection (it is closing). */
    REFUSED,
    /** The transport closed (EOF, reset, TLS/WebSocket failure) before the upgrade completed. */
    CLOSED
  }
}
