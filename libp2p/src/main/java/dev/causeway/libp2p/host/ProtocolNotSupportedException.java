package dev.causeway.libp2p.host;

import java.util.List;

/**
 * The peer answered multistream-select {@code na} to every protocol proposed for a new stream (spec
 * libp2p-core.md §2.2). The connection itself is fine: the peer is alive and talking, it just does
 * not serve these protocols.
 */
public final class ProtocolNotSupportedException extends StreamException {
  private static final long serialVersionUID = 1L;

  private final List<String> protocols;

  public ProtocolNotSupportedException(List<String> protocols) {
    super("peer supports none of " + protocols);
    this.protocols = List.copyOf(protocols);
  }

  /** The protocols that were proposed. */
  public List<String> protocols() {
    return protocols;
  }
}
