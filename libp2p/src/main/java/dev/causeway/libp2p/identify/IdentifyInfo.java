package dev.causeway.libp2p.identify;

import dev.causeway.libp2p.crypto.PubKey;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import java.util.List;

/** What a host says about itself in identify. */
public record IdentifyInfo(
    String protocolVersion,
    String agentVersion,
    PubKey publicKey,
    List<Multiaddr> listenAddrs,
    List<String> protocols) {}
