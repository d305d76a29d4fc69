package dev.causeway.libp2p.pubsub.gossipsub;

import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.libp2p.varint.LengthPrefixed;
import dev.causeway.libp2p.varint.VarintException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Test doubles for the gossipsub tests: peer ids, a fake clock, a recording sink, a fake tracker.
 */
final class Fixtures {
  static final String TOPIC = "/waku/2/rs/1/0";

  private Fixtures() {}

  /** A distinct peer id per number (identity multihash of four bytes). */
  static PeerId peer(int n) {
    return PeerId.fromBytes(
        new byte[] {0, 4, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A clock moved by hand. */
  static final class FakeClock implements LongSupplier {
    long now = 1_000_000;

    @Override
    public long getAsLong() {
      return now;
    }

    void advance(long millis) {
      now += millis;
    }
  }

  /** Records every frame, decoded, per destination peer; can refuse frames. */
  static final class RecordingSink implements RpcSink {
    final RpcCodec codec = new RpcCodec(RpcLimits.defaults());
    final Map<PeerId, List<Rpc>> rpcs = new LinkedHashMap<>();
    final List<byte[]> frames = new ArrayList<>();
    boolean refuse;

    @Override
    public boolean send(PeerId peer, byte[] frame) {
      if (refuse) {
        return false;
      }
      frames.add(frame);
      try {
        rpcs.computeIfAbsent(peer, k -> new ArrayList<>())
            .add(codec.decode(LengthPrefixed.decodeExact(frame, 1 << 20)));
      } catch (GossipsubException | VarintException e) {
        throw new AssertionError("router sent an undecodable frame", e);
      }
      return true;
    }

    /** Everything sent to {@code peer} since the last call, and forgets it. */
    List<Rpc> take(PeerId peer) {
      List<Rpc> l = rpcs.remove(peer);
      return l == null ? List.of() : l;
    }

    void clear() {
      rpcs.clear();
      frames.clear();
    }

    List<PubsubMessage> messages(PeerId peer) {
      List<PubsubMessage> out = new ArrayList<>();
      for (Rpc r : rpcs.getOrDefault(peer, List.of())) {
        out.addAll(r.messages());
      }
      return out;
    }

    List<ControlMessage> controls(PeerId peer) {
      List<ControlMessage> out = new ArrayList<>();
      for (Rpc r : rpcs.getOrDefault(peer, List.of())) {
        out.add(r.control());
      }
      return out;
    }

    List<String> grafts(PeerId peer) {
      List<String> out = new ArrayList<>();
      controls(peer).forEach(c -> c.graft().forEach(g -> out.add(g.topic())));
      return out;
    }

    List<ControlMessage.Prune> prunes(PeerId peer) {
      List<ControlMessage.Prune> out = new ArrayList<>();
      controls(peer).forEach(c -> out.addAll(c.prune()));
      return out;
    }

    List<ControlMessage.IHave> ihaves(PeerId peer) {
      List<ControlMessage.IHave> out = new ArrayList<>();
      controls(peer).forEach(c -> out.addAll(c.ihave()));
      return out;
    }

    List<MessageId> iwantIds(PeerId peer) {
      List<MessageId> out = new ArrayList<>();
      controls(peer).forEach(c -> c.iwant().forEach(w -> out.addAll(w.messageIds())));
      return out;
    }

    List<MessageId> idontwantIds(PeerId peer) {
      List<MessageId> out = new ArrayList<>();
      controls(peer).forEach(c -> c.idontwant().forEach(w -> out.addAll(w.messageIds())));
      return out;
    }

    List<Rpc.SubOpts> subscriptions(PeerId peer) {
      List<Rpc.SubOpts> out = new ArrayList<>();
      for (Rpc r : rpcs.getOrDefault(peer, List.of())) {
        out.addAll(r.subscriptions());
      }
      return out;
    }
  }

  /**
   * A score tracker that starts every peer at a settable base score and subtracts {@code
   * rejectPenalty} per rejected message and {@code behaviourWeight} per behaviour penalty. Counts
   * every event.
   */
  static final class FakeScoreTracker implements ScoreTracker {
    final Map<PeerId, Double> base = new HashMap<>();
    final Map<PeerId, Integer> rejects = new HashMap<>();
    final Map<PeerId, Integer> ignores = new HashMap<>();
    final Map<PeerId, Integer> firsts = new HashMap<>();
    final Map<PeerId, Integer> duplicates = new HashMap<>();
    final Map<PeerId, Double> penalties = new HashMap<>();
    final List<String> events = new ArrayList<>();
    double rejectPenalty = 1000;
    double behaviourWeight = 0;
    int refreshes;

    @Override
    public double score(PeerId peer) {
      return base.getOrDefault(peer, 0.0)
          - rejectPenalty * rejects.getOrDefault(peer, 0)
          - behaviourWeight * penalties.getOrDefault(peer, 0.0);
    }

    void set(PeerId p, double s) {
      base.put(p, s);
    }

    @Override
    public void addPeer(PeerId peer, String ip) {
      events.add("add " + peer);
    }

    @Override
    public void removePeer(PeerId peer) {
      events.add("remove " + peer);
    }

    @Override
    public void graft(PeerId peer, String topic) {
      events.add("graft " + peer + " " + topic);
    }

    @Override
    public void prune(PeerId peer, String topic) {
      events.add("prune " + peer + " " + topic);
    }

    @Override
    public void deliverFirst(PeerId from, String topic) {
      firsts.merge(from, 1, Integer::sum);
    }

    @Override
    public void deliverDuplicate(PeerId from, String topic) {
      duplicates.merge(from, 1, Integer::sum);
    }

    @Override
    public void reject(PeerId from, String topic) {
      rejects.merge(from, 1, Integer::sum);
    }

    @Override
    public void ignore(PeerId from, String topic) {
      ignores.merge(from, 1, Integer::sum);
    }

    @Override
    public void behaviourPenalty(PeerId peer, double count) {
      penalties.merge(peer, count, Double::sum);
    }

    @Override
    public void refresh(long nowMillis) {
      refreshes++;
    }
  }
}
