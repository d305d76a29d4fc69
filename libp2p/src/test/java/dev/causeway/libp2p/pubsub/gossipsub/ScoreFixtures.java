package dev.causeway.libp2p.pubsub.gossipsub;

import dev.causeway.libp2p.peer.PeerId;
import java.util.function.LongSupplier;

/** Fake clock and cheap peer ids for the scoring tests. */
final class ScoreFixtures {
  private ScoreFixtures() {}

  /** A millisecond clock moved by hand. */
  static final class FakeClock implements LongSupplier {
    long now;

    FakeClock(long start) {
      now = start;
    }

    @Override
    public long getAsLong() {
      return now;
    }

    long advance(long millis) {
      now += millis;
      return now;
    }
  }

  /** A distinct peer id per {@code n} (identity multihash of four bytes). */
  static PeerId peer(int n) {
    return PeerId.fromBytes(
        new byte[] {0, 4, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
  }
}
