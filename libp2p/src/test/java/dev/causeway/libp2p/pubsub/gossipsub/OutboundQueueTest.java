package dev.causeway.libp2p.pubsub.gossipsub;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutboundQueueTest {
  @Test
  void refusesFramesBeyondCountOrBytesAndKeepsFifoOrder() {
    OutboundQueue q = new OutboundQueue(3, 10);
    assertThat(q.offer(new byte[4])).isTrue();
    assertThat(q.offer(new byte[4])).isTrue();
    assertThat(q.offer(new byte[3])).isFalse(); // 11 bytes
    assertThat(q.offer(new byte[2])).isTrue();
    assertThat(q.offer(new byte[0])).isFalse(); // 4 frames
    assertThat(q.size()).isEqualTo(3);
    assertThat(q.bytes()).isEqualTo(10);
    assertThat(q.refused()).isEqualTo(2);
    assertThat(q.poll()).hasSize(4);
    assertThat(q.poll()).hasSize(4);
    assertThat(q.offer(new byte[8])).isTrue();
    assertThat(q.poll()).hasSize(2);
    assertThat(q.poll()).hasSize(8);
    assertThat(q.poll()).isNull();
    assertThat(q.isEmpty()).isTrue();
    assertThat(q.bytes()).isZero();
  }
}
