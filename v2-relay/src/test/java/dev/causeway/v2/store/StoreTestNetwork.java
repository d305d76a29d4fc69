package dev.causeway.v2.store;

import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.v2.core.PubsubTopic;
import dev.causeway.v2.node.WakuV2Config;
import dev.causeway.v2.node.WakuV2Node;
import dev.causeway.v2.store.archive.ArchiveConfig;
import dev.causeway.v2.store.archive.ArchiveException;
import dev.causeway.v2.store.archive.ArchivedMessage;
import dev.causeway.v2.store.archive.InMemoryArchive;
import dev.causeway.v2.store.archive.MessageArchive;
import dev.causeway.v2.store.archive.MessageArchives;
import dev.causeway.v2.store.legacy.LegacyStoreProtocol;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test support: Waku v2 nodes on 127.0.0.1 (ephemeral ports), one or more of them serving the store
 * from an archive, and plain client nodes; {@link #close()} stops everything.
 *
 * <p>The archive is an {@link InMemoryArchive} unless the system property {@value #ARCHIVE_URL}
 * names a {@link MessageArchives} URL: {@code sqlite:TEMP} opens a fresh SQLite file in a temporary
 * directory per archive ({@code sqlite://<dir>/store-N.sqlite3}), any other value is used as is
 * (e.g. {@code postgres://...}; the database should then be empty).
 */
public final class StoreTestNetwork implements AutoCloseable {
  /** System property selecting the archive backend of the ITs. */
  public static final String ARCHIVE_URL = "causeway.store.it.archive";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final Clock clock;
  private int archives;

  public StoreTestNetwork(Clock clock) {
    this.clock = clock;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** A fresh archive (see the class comment) holding {@code messages}. */
  public MessageArchive archive(List<ArchivedMessage> messages) throws Exception {
    String url = System.getProperty(ARCHIVE_URL, "").trim();
    MessageArchive a;
    if (url.isEmpty() || url.equals("memory")) {
      a = new InMemoryArchive();
    } else {
      if (url.equals("sqlite:TEMP")) {
        Path dir = Files.createTempDirectory("causeway-store-it");
        url = "sqlite://" + dir.resolve("store-" + (++archives) + ".sqlite3");
      }
      try {
        a = MessageArchives.open(url, ArchiveConfig.defaults(), registry, clock);
      } catch (ArchiveException e) {
        throw new AssertionError("cannot open archive " + url + ": " + e.getMessage(), e);
      }
    }
    closeables.add(a);
    for (ArchivedMessage m : messages) {
      a.insert(m).get(30, TimeUnit.SECONDS);
    }
    return a;
  }

  /**
   * A node that is configured, constructed and passed to {@code mount} (which mounts protocols on
   * its host) before it starts.
   */
  public WakuV2Node node(List<String> listen, Mount mount) throws Exception {
    List<Multiaddr> addrs = new ArrayList<>();
    for (String s : listen) {
      addrs.add(Multiaddr.parse(s));
    }
    WakuV2Config cfg =
        WakuV2Config.defaults(
                Keys.generateSecp256k1(RANDOM), addrs, List.of(PubsubTopic.staticShard(0, 0)))
            .withClusterId(0);
    WakuV2Node n = new WakuV2Node(cfg, new SimpleMeterRegistry(), clock, RANDOM);
    closeables.add(n);
    mount.mount(n);
    n.start();
    return n;
  }

  /**
   * A TCP node on 127.0.0.1 serving store v3 from {@code archive}; returns the mounted protocol.
   */
  public Served storeNode(MessageArchive archive, StoreConfig config) throws Exception {
    StoreProtocol[] p = new StoreProtocol[1];
    LegacyStoreProtocol[] l = new LegacyStoreProtocol[1];
    WakuV2Node n =
        node(
            List.of("/ip4/127.0.0.1/tcp/0", "/ip4/127.0.0.1/tcp/0/ws"),
            node -> {
              p[0] = StoreProtocol.mount(node.host(), archive, config, registry, clock);
              closeables.add(p[0]);
              l[0] = LegacyStoreProtocol.mount(node.host(), archive, config, registry, clock);
              closeables.add(l[0]);
            });
    return new Served(n, p[0], l[0]);
  }

  /** A client node connected to {@code server}. */
  public WakuV2Node clientOf(WakuV2Node server) throws Exception {
    WakuV2Node c = node(List.of(), n -> {});
    c.host().dial(server.listenAddresses().get(0)).get(30, TimeUnit.SECONDS);
    return c;
  }

  /** Mounts protocols on a node's host before it starts. */
  @FunctionalInterface
  public interface Mount {
    void mount(WakuV2Node node) throws Exception;
  }

  /** A started store node and its mounted protocol. */
  public record Served(WakuV2Node node, StoreProtocol protocol, LegacyStoreProtocol legacy) {}

  /** Adds something to close with the network (in reverse order). */
  public <T extends AutoCloseable> T closeLater(T c) {
    closeables.add(c);
    return c;
  }

  @Override
  public void close() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    closeables.clear();
  }
}
