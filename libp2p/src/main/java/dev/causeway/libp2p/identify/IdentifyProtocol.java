package dev.causeway.libp2p.identify;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.causeway.libp2p.crypto.KeyException;
import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.crypto.PubKey;
import dev.causeway.libp2p.host.Connection;
import dev.causeway.libp2p.host.PeerStore;
import dev.causeway.libp2p.host.Stream;
import dev.causeway.libp2p.host.StreamHandler;
import dev.causeway.libp2p.host.StreamListener;
import dev.causeway.libp2p.identify.pb.IdentifyProto;
import dev.causeway.libp2p.multiaddr.Multiaddr;
import dev.causeway.libp2p.multiaddr.MultiaddrException;
import dev.causeway.libp2p.varint.LengthPrefixed;
import dev.causeway.libp2p.varint.LengthPrefixedReader;
import dev.causeway.libp2p.varint.VarintException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identify {@code /ipfs/id/1.0.0} and identify push {@code /ipfs/id/push/1.0.0} (spec
 * libp2p-core.md §9). Serving: one LP message of at most 4 KiB with our public key, every protocol
 * we accept, our listen addresses and the address we observe for the peer, then half-close.
 * Requesting: read LP messages until EOF (at most 10 of at most 8 KiB), merge, check that the
 * public key hashes to the connection's peer id, and record the result in the peer store.
 */
public final class IdentifyProtocol {
  public static final String ID = "/ipfs/id/1.0.0";
  public static final String PUSH_ID = "/ipfs/id/push/1.0.0";
  public static final String PROTOCOL_VERSION = "ipfs/0.1.0";
  static final int MAX_MESSAGE = 8 * 1024;
  static final int MAX_MESSAGES = 10;
  private static final Logger LOG = LoggerFactory.getLogger(IdentifyProtocol.class);

  /** A peer's identify answer, merged from its messages. */
  public record Result(
      PubKey publicKey,
      String agentVersion,
      String protocolVersion,
      List<Multiaddr> listenAddrs,
      List<String> protocols,
      Multiaddr observedAddr) {}

  private final Supplier<IdentifyInfo> self;
  private final PeerStore peerStore;

  public IdentifyProtocol(Supplier<IdentifyInfo> self, PeerStore peerStore) {
    this.self = self;
    this.peerStore = peerStore;
  }

  /** Serves {@link #ID}. */
  public StreamHandler responder() {
    return stream -> {
      stream.setListener(data -> {});
      stream.write(LengthPrefixed.frame(message(stream.connection())));
      stream.closeWrite();
    };
  }

  /** Serves {@link #PUSH_ID}: merges what the peer pushes into the peer store. */
  public StreamHandler pushReceiver() {
    return stream -> read(stream, true);
  }

  /** Asks the connection's peer to identify itself. */
  public CompletableFuture<Result> identify(Connection connection) {
    return connection.newStream(List.of(ID)).thenCompose(s -> read(s, false));
  }

  /** Pushes our current identify to the connection's peer (after our protocols changed). */
  public CompletableFuture<Void> push(Connection connection) {
    return connection
        .newStream(List.of(PUSH_ID))
        .thenCompose(
            s -> {
              s.setListener(data -> {});
              CompletableFuture<Void> w = s.write(LengthPrefixed.frame(message(connection)));
              s.closeWrite();
              return w;
            });
  }

  byte[] message(Connection connection) {
    IdentifyInfo me = self.get();
    IdentifyProto.Identify.Builder b =
        IdentifyProto.Identify.newBuilder()
            .setProtocolVersion(me.protocolVersion())
            .setAgentVersion(me.agentVersion())
            .setPublicKey(ByteString.copyFrom(me.publicKey().marshal()))
            .setObservedAddr(ByteString.copyFrom(connection.remoteAddress().bytes()));
    for (Multiaddr a : me.listenAddrs()) {
      b.addListenAddrs(ByteString.copyFrom(a.withoutPeerId().bytes()));
    }
    b.addAllProtocols(me.protocols());
    return b.build().toByteArray();
  }

  private CompletableFuture<Result> read(Stream stream, boolean push) {
    CompletableFuture<Result> result = new CompletableFuture<>();
    LengthPrefixedReader reader = new LengthPrefixedReader(MAX_MESSAGE);
    IdentifyProto.Identify.Builder merged = IdentifyProto.Identify.newBuilder();
    int[] count = {0};
    stream.setListener(
        new StreamListener() {
          @Override
          public void onData(byte[] data) {
            try {
              for (byte[] msg : reader.readAll(data, 0, data.length)) {
                if (++count[0] > MAX_MESSAGES) {
                  throw new IdentifyException("more than " + MAX_MESSAGES + " identify messages");
                }
                merged.mergeFrom(msg);
              }
            } catch (VarintException | InvalidProtocolBufferException | IdentifyException e) {
              stream.reset();
              result.completeExceptionally(
                  new IdentifyException("bad identify: " + e.getMessage()));
            }
          }

          @Override
          public void onRemoteClose() {
            stream.closeWrite();
            if (result.isDone()) {
              return;
            }
            try {
              Result r = toResult(stream, merged.build(), push);
              record(stream, r, push);
              result.complete(r);
            } catch (IdentifyException e) {
              LOG.debug("identify from {} rejected: {}", stream.remotePeer(), e.getMessage());
              result.completeExceptionally(e);
            }
          }

          @Override
          public void onReset() {
            result.completeExceptionally(new IdentifyException("identify stream reset"));
          }
        });
    return result;
  }

  private Result toResult(Stream stream, IdentifyProto.Identify m, boolean push)
      throws IdentifyException {
    PubKey key = null;
    if (m.hasPublicKey()) {
      try {
        key = Keys.unmarshalPublicKey(m.getPublicKey().toByteArray());
      } catch (KeyException e) {
        throw new IdentifyException("identify public key invalid: " + e.getMessage());
      }
      if (!stream.remotePeer().matches(key)) {
        throw new IdentifyException("identify public key does not match the peer id");
      }
    } else if (!push) {
      throw new IdentifyException("identify without a public key");
    }
    List<Multiaddr> addrs = new ArrayList<>();
    for (ByteString b : m.getListenAddrsList()) {
      try {
        addrs.add(Multiaddr.fromBytes(b.toByteArray()));
      } catch (MultiaddrException e) {
        // skip addresses we cannot parse (e.g. unsupported transports)
      }
    }
    Multiaddr observed = null;
    if (m.hasObservedAddr()) {
      try {
        observed = Multiaddr.fromBytes(m.getObservedAddr().toByteArray());
      } catch (MultiaddrException e) {
        observed = null;
      }
    }
    return new Result(
        key,
        m.hasAgentVersion() ? m.getAgentVersion() : null,
        m.hasProtocolVersion() ? m.getProtocolVersion() : null,
        addrs,
        List.copyOf(m.getProtocolsList()),
        observed);
  }

  private void record(Stream stream, Result r, boolean push) {
    var id = stream.remotePeer();
    peerStore.setIdentity(id, r.publicKey(), r.agentVersion());
    for (Multiaddr a : r.listenAddrs()) {
      peerStore.addAddress(id, a);
    }
    if (!push || !r.protocols().isEmpty()) {
      peerStore.setProtocols(id, r.protocols());
    }
  }

  /** An identify exchange failed. */
  public static final class IdentifyException extends Exception {
    private static final long serialVersionUID = 1L;

    IdentifyException(String message) {
      super(message);
    }
  }
}
