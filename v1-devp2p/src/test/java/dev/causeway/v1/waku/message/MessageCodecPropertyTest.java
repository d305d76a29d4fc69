package dev.causeway.v1.waku.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.testing.RandomInputs;
import dev.causeway.v1.waku.envelope.BloomFilter;
import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.EnvelopeHash;
import dev.causeway.v1.waku.envelope.Mutations;
import dev.causeway.v1.waku.envelope.Topic;
import dev.causeway.v1.waku.envelope.WakuCodecException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every waku/1 packet decoder fails only with WakuCodecException; options round-trip. */
class MessageCodecPropertyTest {
  @FunctionalInterface
  interface Decoder {
    Object decode(byte[] b) throws WakuCodecException;
  }

  private static final List<Decoder> DECODERS =
      List.of(
          StatusOptions::readFrom,
          StatusMessage::readFrom,
          StatusUpdateMessage::readFrom,
          MessagesMessage::readFrom,
          P2pMessageMessage::readFrom,
          BatchAckMessage::readFrom,
          MessageResponseMessage::readFrom,
          P2pRequestMessage::readFrom,
          P2pRequestCompleteMessage::readFrom);

  private static void onlyCodecException(Decoder d, byte[] bytes) {
    try {
      assertThat(d.decode(bytes)).isNotNull();
    } catch (WakuCodecException expected) {
      // the only permitted failure
    }
  }

  @Test
  void randomBytesIntoAnyDecoderOnlyRaiseWakuCodecException() {
    RandomInputs.forEachCase(
        1500,
        r -> {
          byte[] bytes = RandomInputs.bytes(r, 300);
          for (Decoder d : DECODERS) {
            onlyCodecException(d, bytes);
          }
        });
  }

  private static RateLimits limits(Random r) {
    return new RateLimits(Mutations.anyLong(r), Mutations.anyLong(r), Mutations.anyLong(r));
  }

  private static double pow(Random r) {
    return switch (r.nextInt(8)) {
      case 0 -> new double[] {0, 0.001, 0.2, 1, 1e9}[r.nextInt(5)];
      case 1, 2 -> r.nextDouble() * 10;
      default -> r.nextDouble() * 1e9;
    };
  }

  private static StatusOptions options(Random r) {
    return StatusOptions.builder()
        .powRequirement(Mutations.orNull(r, 0.3, MessageCodecPropertyTest::pow))
        .bloom(
            Mutations.orNull(
                r,
                0.4,
                x -> BloomFilter.of(RandomInputs.bytes(x, BloomFilter.LENGTH, BloomFilter.LENGTH))))
        .lightNode(Mutations.orNull(r, 0.3, Random::nextBoolean))
        .confirmationsEnabled(Mutations.orNull(r, 0.3, Random::nextBoolean))
        .packetRateLimits(Mutations.orNull(r, 0.5, MessageCodecPropertyTest::limits))
        .topicInterest(
            Mutations.orNull(
                r, 0.5, x -> Mutations.listOf(x, 40, y -> Topic.ofInt(Mutations.anyInt(y)))))
        .bytesRateLimits(Mutations.orNull(r, 0.5, MessageCodecPropertyTest::limits))
        .build();
  }

  @Test
  void statusOptionsRoundTrip() {
    RandomInputs.forEachCase(
        500,
        r -> {
          StatusOptions o = options(r);
          assertThat(StatusOptions.readFrom(o.encode())).isEqualTo(o);
        });
  }

  @Test
  void statusUpdateOfItselfIsIdentityForPresentKeys() {
    RandomInputs.forEachCase(
        300,
        r -> {
          StatusOptions o = options(r);
          StatusOptions merged = StatusOptions.EMPTY.applyUpdate(o);
          assertThat(merged.powRequirement()).isEqualTo(o.powRequirement());
          if (o.topicInterest() != null) {
            assertThat(merged.bloom()).isNull();
          }
        });
  }

  @Test
  void mutatedStatusOptionsOnlyRaiseWakuCodecException() {
    RandomInputs.forEachCase(
        1000,
        r -> onlyCodecException(StatusOptions::readFrom, Mutations.mutate(r, options(r).encode())));
  }

  private static List<Envelope> envelopeList(Random r) {
    return Mutations.listOf(r, 5, x -> Mutations.envelope(x, 80));
  }

  @Test
  void mutatedEnvelopeListsOnlyRaiseWakuCodecException() {
    RandomInputs.forEachCase(
        1000,
        r -> {
          byte[] m = Mutations.mutate(r, new MessagesMessage(envelopeList(r)).encode());
          onlyCodecException(MessagesMessage::readFrom, m);
          onlyCodecException(P2pMessageMessage::readFrom, m);
        });
  }

  @Test
  void messagesRoundTrip() {
    RandomInputs.forEachCase(
        300,
        r -> {
          List<Envelope> envs = envelopeList(r);
          assertThat(MessagesMessage.readFrom(new MessagesMessage(envs).encode()).envelopes())
              .isEqualTo(envs);
        });
  }

  private static MessageResponseMessage response(Random r) {
    byte[] batchHash = RandomInputs.bytes(r, 32, 32);
    List<MessageResponseMessage.EnvelopeError> errors =
        Mutations.listOf(
            r,
            4,
            x ->
                new MessageResponseMessage.EnvelopeError(
                    EnvelopeHash.of(RandomInputs.bytes(x, 32, 32)),
                    Mutations.anyLong(x),
                    Mutations.anyString(x, 20)));
    return new MessageResponseMessage(batchHash, errors);
  }

  @Test
  void mutatedMessageResponsesOnlyRaiseWakuCodecException() {
    RandomInputs.forEachCase(
        800,
        r ->
            onlyCodecException(
                MessageResponseMessage::readFrom, Mutations.mutate(r, response(r).encode())));
  }

  private static byte[] b32(Random r) {
    return RandomInputs.bytes(r, 32, 32);
  }

  private static byte[] p2pEncoding(Random r) {
    return switch (r.nextInt(5)) {
      case 0 ->
          P2pRequestCompleteMessage.ofList(b32(r), b32(r), RandomInputs.bytes(r, 40)).encode();
      case 1 ->
          P2pRequestCompleteMessage.ofBytes(b32(r), b32(r), RandomInputs.bytes(r, 36, 36)).encode();
      case 2 -> P2pRequestCompleteMessage.failure(b32(r), Mutations.anyString(r, 30)).encode();
      case 3 -> {
        byte[] id = b32(r);
        long t = Mutations.u32(r);
        List<Topic> topics = Mutations.listOf(r, 5, x -> Topic.ofInt(Mutations.anyInt(x)));
        yield P2pRequestMessage.ofRequest(
                new MessagesRequest(id, t, t, t, new byte[0], new byte[64], topics))
            .encode();
      }
      default -> P2pRequestMessage.ofEnvelope(Mutations.envelope(r, 60)).encode();
    };
  }

  @Test
  void mutatedP2pPacketsOnlyRaiseWakuCodecException() {
    RandomInputs.forEachCase(
        1000,
        r -> {
          byte[] valid = p2pEncoding(r);
          onlyCodecException(P2pRequestCompleteMessage::readFrom, valid);
          onlyCodecException(P2pRequestMessage::readFrom, valid);
          byte[] m = Mutations.mutate(r, valid);
          onlyCodecException(P2pRequestCompleteMessage::readFrom, m);
          onlyCodecException(P2pRequestMessage::readFrom, m);
          onlyCodecException(BatchAckMessage::readFrom, m);
        });
  }
}
