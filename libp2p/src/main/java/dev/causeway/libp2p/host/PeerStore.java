package dev.causeway.libp2p.host;

import dev.causeway.libp2p.crypto.PubKey;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.peer.PeerId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the host knows of other peers: addresses (from dials and identify), protocols and agent
 * (from identify) and public keys. Bounded: at most {@code maxPeers} peers and {@code
 * maxAddresses}/{@code maxProtocols} per peer; the oldest excess entries are dropped.
 */
public final class PeerStore {
  /** Everything known of one peer (immutable snapshot). */
  public record PeerInfo(
      PeerId peerId,
      List<Multiaddr> addresses,
      List<String> protocols,
      String agentVersion,
      PubKey publicKey) {}

  private static final class Entry {
    final Set<Multiaddr> addresses = new LinkedHashSet<>();
    List<String> protocols = List.of();
    String agentVersion;
    PubKey publicKey;
  }

  private final int maxPeers;
  private final int maxAddresses;
  private final int maxProtocols;
  private final Map<PeerId, Entry> peers = new ConcurrentHashMap<>();

  public PeerStore(int maxPeers, int maxAddresses, int maxProtocols) {
    this.maxPeers = maxPeers;
    this.maxAddresses = maxAddresses;
    this.maxProtocols = maxProtocols;
  }

  private Entry entry(PeerId id) {
    Entry e = peers.get(id);
    if (e != null) {
      return e;
    }
    if (peers.size() >= maxPeers) {
      // Forget an arbitrary peer to stay within the bound.
      peers.keySet().stream().findFirst().ifPresent(peers::remove);
    }
    return peers.computeIfAbsent(id, k -> new Entry());
  }

  public void addAddress(PeerId id, Multiaddr addr) {
    Entry e = entry(id);
    synchronized (e) {
      e.addresses.add(addr.withoutPeerId());
      while (e.addresses.size() > maxAddresses) {
        e.addresses.remove(e.addresses.iterator().next());
      }
    }
  }

  public void setProtocols(PeerId id, List<String> protocols) {
    Entry e = entry(id);
    synchronized (e) {
      e.protocols = List.copyOf(protocols.subList(0, Math.min(protocols.size(), maxProtocols)));
    }
  }

  public void setIdentity(PeerId id, PubKey key, String agentVersion) {
    Entry e = entry(id);
    synchronized (e) {
      if (key != null) {
        e.publicKey = key;
      }
      if (agentVersion != null) {
        e.agentVersion = agentVersion;
      }
    }
  }

  public Optional<PeerInfo> get(PeerId id) {
    Entry e = peers.get(id);
    if (e == null) {
      return Optional.empty();
    }
    synchronized (e) {
      return Optional.of(
          new PeerInfo(id, new ArrayList<>(e.addresses), e.protocols, e.agentVersion, e.publicKey));
    }
  }

  public List<Multiaddr> addresses(PeerId id) {
    return get(id).map(PeerInfo::addresses).orElse(List.of());
  }

  public List<String> protocols(PeerId id) {
    return get(id).map(PeerInfo::protocols).orElse(List.of());
  }

  public Set<PeerId> peers() {
    return Set.copyOf(peers.keySet());
  }
}
