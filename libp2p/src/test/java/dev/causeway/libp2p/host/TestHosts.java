package dev.causeway.libp2p.host;

import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Loopback host fixture for socket tests: hosts on 127.0.0.1 port 0 with one event loop thread and
 * the echo protocol, each with its own meter registry so counters can be read; {@link #close()}
 * stops them all.
 */
public final class TestHosts implements AutoCloseable {
  public static final SecureRandom RANDOM = new SecureRandom();
  private final List<Libp2pHost> hosts = new ArrayList<>();
  private final Map<Libp2pHost, SimpleMeterRegistry> registries = new IdentityHashMap<>();

  /** A started host listening on TCP and WS, with {@code tweak} applied to its config. */
  public Libp2pHost start(UnaryOperator<HostConfig> tweak) throws Exception {
    return start(
        tweak,
        List.of(
            Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), Multiaddr.parse("/ip4/127.0.0.1/tcp/0/ws")));
  }

  public Libp2pHost start(UnaryOperator<HostConfig> tweak, List<Multiaddr> listen)
      throws Exception {
    HostConfig cfg =
        tweak.apply(HostConfig.defaults(Keys.generateEd25519(RANDOM), listen).withIoThreads(1));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Libp2pHost h = new Libp2pHost(cfg, registry, RANDOM);
    hosts.add(h);
    registries.put(h, registry);
    h.registerHandler(Echo.ID, Echo.handler());
    h.start();
    return h;
  }

  /** The value of counter {@code name} with the given tag pairs (0 if never registered). */
  public double counter(Libp2pHost h, String name, String... tags) {
    Counter c = registries.get(h).find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  public SimpleMeterRegistry registry(Libp2pHost h) {
    return registries.get(h);
  }

  /** Sum of every {@code causeway_libp2p_upgrade_failures_total} series of {@code h}. */
  public double upgradeFailures(Libp2pHost h) {
    return registries.get(h).find("causeway_libp2p_upgrade_failures_total").counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  /** The host's first listen address of the given kind, with its {@code /p2p} id. */
  public static Multiaddr addr(Libp2pHost h, boolean ws) {
    return h.listenAddresses().stream()
        .filter(a -> a.isWebSocket() == ws)
        .findFirst()
        .orElseThrow()
        .withPeerId(h.peerId());
  }

  @Override
  public void close() {
    hosts.forEach(Libp2pHost::close);
  }
}
