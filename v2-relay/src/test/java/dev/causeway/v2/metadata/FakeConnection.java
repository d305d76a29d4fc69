package dev.causeway.v2.metadata;

import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.host.Connection;
import dev.causeway.libp2p.host.Stream;
import dev.causeway.libp2p.host.StreamException;
import dev.causeway.libp2p.host.StreamHandler;
import dev.causeway.libp2p.host.StreamListener;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.multiaddr.MultiaddrException;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.testing.ManualScheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One side of an in-memory connection: {@link #newStream} runs the remote side's handler for the
 * first protocol it serves and returns our end of a linked stream pair. Delivery is synchronous and
 * in order; data written before a listener is set is buffered, as the real streams do.
 */
final class FakeConnection implements Connection {
  final Map<String, StreamHandler> remoteHandlers = new ConcurrentHashMap<>();
  final ManualScheduler scheduler = new ManualScheduler();
  final List<FakeStream> opened = new ArrayList<>();
  private final PeerId remote;
  private boolean open = true;
  int closeCalls;

  FakeConnection(int peerSeed) {
    byte[] seed = new byte[32];
    seed[0] = (byte) peerSeed;
    this.remote = PeerId.fromPublicKey(Keys.ed25519(seed).publicKey());
  }

  @Override
  public PeerId remotePeer() {
    return remote;
  }

  @Override
  public Multiaddr remoteAddress() {
    return addr("/ip4/127.0.0.1/tcp/2");
  }

  @Override
  public Multiaddr localAddress() {
    return addr("/ip4/127.0.0.1/tcp/1");
  }

  private static Multiaddr addr(String s) {
    try {
      return Multiaddr.parse(s);
    } catch (MultiaddrException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public boolean isInitiator() {
    return true;
  }

  @Override
  public String muxer() {
    return "/yamux/1.0.0";
  }

  @Override
  public CompletableFuture<Stream> newStream(List<String> protocols) {
    if (!open) {
      return CompletableFuture.failedFuture(new StreamException("connection closed"));
    }
    for (String p : protocols) {
      StreamHandler h = remoteHandlers.get(p);
      if (h != null) {
        FakeStream local = new FakeStream(p, this, true);
        FakeStream far = new FakeStream(p, this, false);
        local.peer = far;
        far.peer = local;
        opened.add(local);
        h.onStream(far);
        return CompletableFuture.completedFuture(local);
      }
    }
    return CompletableFuture.failedFuture(
        new StreamException("protocols not supported: " + protocols));
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    closeCalls++;
    open = false;
  }

  @Override
  public ScheduledExecutorService executor() {
    return scheduler;
  }

  /** One end of an in-memory stream. */
  static final class FakeStream implements Stream {
    private final String protocol;
    private final FakeConnection connection;
    private final boolean initiator;
    FakeStream peer;
    private StreamListener listener;
    private final List<byte[]> inbox = new ArrayList<>();
    private boolean remoteClosedPending;
    boolean writeClosed;
    boolean wasReset;

    FakeStream(String protocol, FakeConnection connection, boolean initiator) {
      this.protocol = protocol;
      this.connection = connection;
      this.initiator = initiator;
    }

    @Override
    public String protocol() {
      return protocol;
    }

    @Override
    public Connection connection() {
      return connection;
    }

    @Override
    public PeerId remotePeer() {
      return connection.remotePeer();
    }

    @Override
    public boolean isInitiator() {
      return initiator;
    }

    @Override
    public void setListener(StreamListener l) {
      this.listener = l;
      List<byte[]> queued = new ArrayList<>(inbox);
      inbox.clear();
      for (byte[] d : queued) {
        l.onData(d);
      }
      if (remoteClosedPending) {
        remoteClosedPending = false;
        l.onRemoteClose();
      }
    }

    @Override
    public CompletableFuture<Void> write(byte[] data) {
      if (wasReset || writeClosed) {
        return CompletableFuture.failedFuture(new StreamException("stream closed"));
      }
      peer.receive(data.clone());
      return CompletableFuture.completedFuture(null);
    }

    private void receive(byte[] data) {
      if (wasReset) {
        return;
      }
      if (listener == null) {
        inbox.add(data);
      } else {
        listener.onData(data);
      }
    }

    @Override
    public void closeWrite() {
      if (writeClosed || wasReset) {
        return;
      }
      writeClosed = true;
      if (peer.listener == null) {
        peer.remoteClosedPending = true;
      } else {
        peer.listener.onRemoteClose();
      }
    }

    @Override
    public void reset() {
      if (wasReset) {
        return;
      }
      wasReset = true;
      if (listener != null) {
        listener.onReset();
      }
      peer.reset();
    }

    @Override
    public ScheduledExecutorService executor() {
      return connection.scheduler;
    }
  }
}
