package dev.causeway.libp2p.pubsub.gossipsub;

/**
 * A local publish was refused because the message id is already in the seen cache (spec
 * libp2p-gossipsub.md §3.1): the same message was published or received within the seen TTL. For a
 * caller that publishes content other peers may publish too (a bridge), this means the message is
 * already on the network, not that it was lost.
 */
public final class DuplicateMessageException extends GossipsubException {
  private static final long serialVersionUID = 1L;
  private final transient MessageId id;

  public DuplicateMessageException(MessageId id) {
    super("duplicate message " + id);
    this.id = id;
  }

  /** The id of the refused message. */
  public MessageId id() {
    return id;
  }
}
