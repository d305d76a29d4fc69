package dev.causeway.libp2p.pubsub.gossipsub;

/**
 * A gossipsub RPC is malformed or breaks a configured limit (spec libp2p-gossipsub.md §1, §2), or a
 * local publish cannot be carried out (duplicate, too large). For an inbound RPC the host should
 * reset the stream it came from, as go-libp2p-pubsub does on a read error.
 */
public class GossipsubException extends Exception {
  private static final long serialVersionUID = 1L;

  public GossipsubException(String message) {
    super(message);
  }

  public GossipsubException(String message, Throwable cause) {
    super(message, cause);
  }
}
