package dev.causeway.v2.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.libp2p.crypto.Keys;
import dev.causeway.libp2p.peer.PeerId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Token bucket per peer with an injected clock (v2-store.md §3.4). */
class PeerRateLimiterTest {
  private final AtomicLong millis = new AtomicLong(1_000_000);
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(millis.get());
        }
      };

  private static PeerId peer(long seed) {
    byte[] k = new byte[32];
    k[0] = (byte) seed;
    return PeerId.fromPublicKey(Keys.ed25519(k).publicKey());
  }

  @Test
  void burstThenRefillOverThePeriod() {
    PeerRateLimiter l =
        new PeerRateLimiter(new StoreConfig.RateLimit(3, Duration.ofSeconds(3)), 10, clock);
    PeerId a = peer(1);
    assertThat(l.tryAcquire(a)).isTrue();
    assertThat(l.tryAcquire(a)).isTrue();
    assertThat(l.tryAcquire(a)).isTrue();
    assertThat(l.tryAcquire(a)).isFalse();
    millis.addAndGet(999);
    assertThat(l.tryAcquire(a)).isFalse();
    millis.addAndGet(1);
    assertThat(l.tryAcquire(a)).isTrue();
    assertThat(l.tryAcquire(a)).isFalse();
    millis.addAndGet(60_000);
    for (int i = 0; i < 3; i++) {
      assertThat(l.tryAcquire(a)).isTrue();
    }
    assertThat(l.tryAcquire(a)).isFalse();
  }

  @Test
  void peersHaveSeparateBucketsAndTheMapIsBounded() {
    PeerRateLimiter l =
        new PeerRateLimiter(new StoreConfig.RateLimit(1, Duration.ofHours(1)), 2, clock);
    PeerId a = peer(1);
    PeerId b = peer(2);
    assertThat(l.tryAcquire(a)).isTrue();
    assertThat(l.tryAcquire(b)).isTrue();
    assertThat(l.tryAcquire(a)).isFalse();
    assertThat(l.tryAcquire(peer(3))).isTrue();
    assertThat(l.trackedPeers()).isEqualTo(2);
  }

  @Test
  void unlimitedNeverRefuses() {
    PeerRateLimiter l = new PeerRateLimiter(StoreConfig.RateLimit.unlimited(), 2, clock);
    for (int i = 0; i < 1000; i++) {
      assertThat(l.tryAcquire(peer(1))).isTrue();
    }
  }
}
