package dev.causeway.libp2p.pubsub.gossipsub;

import static dev.causeway.libp2p.pubsub.gossipsub.Fixtures.peer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MessageCacheTest {
  static PubsubMessage msg(String topic, int n) {
    return PubsubMessage.of(topic, new byte[] {(byte) n});
  }

  static MessageId id(int n) {
    return MessageId.of(new byte[] {(byte) n});
  }

  @Test
  void gossipsTheNewestWindowsAndServesAllKeptWindows() {
    MessageCache c = new MessageCache(5, 3);
    for (int w = 0; w < 5; w++) {
      c.put(id(w), msg("a", w));
      c.put(id(100 + w), msg("b", w));
      if (w < 4) {
        c.shift();
      }
    }
    // windows, newest first: 4, 3, 2, 1, 0
    assertThat(c.gossipIds("a")).containsExactly(id(4), id(3), id(2));
    assertThat(c.gossipIds("b")).containsExactly(id(104), id(103), id(102));
    assertThat(c.gossipIds("c")).isEmpty();
    assertThat(c.get(id(0))).isEqualTo(msg("a", 0));
    assertThat(c.size()).isEqualTo(10);
    c.shift(); // drops window 0
    assertThat(c.get(id(0))).isNull();
    assertThat(c.contains(id(100))).isFalse();
    assertThat(c.get(id(1))).isEqualTo(msg("a", 1));
    assertThat(c.gossipIds("a")).containsExactly(id(4), id(3));
    assertThat(c.size()).isEqualTo(8);
  }

  @Test
  void putsEachIdOnceAndCountsTransmissionsPerPeer() {
    MessageCache c = new MessageCache(2, 1);
    assertThat(c.put(id(1), msg("a", 1))).isTrue();
    assertThat(c.put(id(1), msg("a", 9))).isFalse();
    assertThat(c.get(id(1))).isEqualTo(msg("a", 1));
    assertThat(c.addTransmission(id(1), peer(1))).isEqualTo(1);
    assertThat(c.addTransmission(id(1), peer(1))).isEqualTo(2);
    assertThat(c.addTransmission(id(1), peer(2))).isEqualTo(1);
    assertThat(c.addTransmission(id(2), peer(1))).isZero();
    c.shift();
    c.shift();
    assertThat(c.addTransmission(id(1), peer(1))).isZero();
  }

  @Test
  void rejectsGossipWindowLongerThanHistory() {
    assertThatThrownBy(() -> new MessageCache(3, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MessageCache(3, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
