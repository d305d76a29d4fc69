package dev.causeway.libp2p.netty;

import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.multiaddr.MultiaddrException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Socket addresses as multiaddrs. */
public final class Addresses {
  private Addresses() {}

  /** {@code /ip4|ip6/<addr>/tcp/<port>[/ws|/wss]} for a socket address. */
  public static Multiaddr toMultiaddr(InetSocketAddress a, boolean ws, boolean secure) {
    InetAddress ip = a.getAddress();
    String proto = ip.getAddress().length == 4 ? "ip4" : "ip6";
    String text =
        "/"
            + proto
            + "/"
            + ip.getHostAddress()
            + "/tcp/"
            + a.getPort()
            + (ws ? (secure ? "/wss" : "/ws") : "");
    try {
      return Multiaddr.parse(text);
    } catch (MultiaddrException e) {
      throw new IllegalStateException("cannot express " + a + " as a multiaddr", e);
    }
  }
}
