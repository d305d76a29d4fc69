package dev.causeway.v1.waku.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.v1.waku.envelope.BloomFilter;
import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.EnvelopeHash;
import dev.causeway.v1.waku.envelope.Mutations;
import dev.causeway.v1.waku.envelope.Topic;
import dev.causeway.v1.waku.envelope.WakuCodecException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

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

  @Property(tries = 1500)
  void randomBytesIntoAnyDecoderOnlyRaiseWakuCodecException(@ForAll @Size(max = 300) byte[] bytes) {
    for (Decoder d : DECODERS) {
      onlyCodecException(d, bytes);
    }
  }

  @Provide
  Arbitrary<StatusOptions> options() {
    Arbitrary<RateLimits> limits =
        Combinators.combine(Arbitraries.longs(), Arbitraries.longs(), Arbitraries.longs())
            .as(RateLimits::new);
    return Combinators.combine(
            Arbitraries.doubles().between(0, 1e9).injectNull(0.3),
            Arbitraries.bytes()
                .array(byte[].class)
                .ofSize(BloomFilter.LENGTH)
                .map(BloomFilter::of)
                .injectNull(0.4),
            Arbitraries.of(true, false).injectNull(0.3),
            Arbitraries.of(true, false).injectNull(0.3),
            limits.injectNull(0.5),
            Arbitraries.integers().map(Topic::ofInt).list().ofMaxSize(40).injectNull(0.5),
            limits.injectNull(0.5))
        .as(
            (pow, bloom, light, conf, packet, topics, bytes) ->
                StatusOptions.builder()
                    .powRequirement(pow)
                    .bloom(bloom)
                    .lightNode(light)
                    .confirmationsEnabled(conf)
                    .packetRateLimits(packet)
                    .topicInterest(topics)
                    .bytesRateLimits(bytes)
                    .build());
  }

  @Property(tries = 500)
  void statusOptionsRoundTrip(@ForAll("options") StatusOptions o) throws Exception {
    assertThat(StatusOptions.readFrom(o.encode())).isEqualTo(o);
  }

  @Property(tries = 300)
  void statusUpdateOfItselfIsIdentityForPresentKeys(@ForAll("options") StatusOptions o) {
    StatusOptions merged = StatusOptions.EMPTY.applyUpdate(o);
    assertThat(merged.powRequirement()).isEqualTo(o.powRequirement());
    if (o.topicInterest() != null) {
      assertThat(merged.bloom()).isNull();
    }
  }

  @Property(tries = 1000)
  void mutatedStatusOptionsOnlyRaiseWakuCodecException(
      @ForAll("options") StatusOptions o, @ForAll int op, @ForAll int pos, @ForAll int value) {
    onlyCodecException(StatusOptions::readFrom, Mutations.mutate(o.encode(), op, pos, value));
  }

  @Provide
  Arbitrary<List<Envelope>> envelopeLists() {
    return Mutations.envelopes(80).list().ofMaxSize(5);
  }

  @Property(tries = 1000)
  void mutatedEnvelopeListsOnlyRaiseWakuCodecException(
      @ForAll("envelopeLists") List<Envelope> envs,
      @ForAll int op,
      @ForAll int pos,
      @ForAll int value) {
    byte[] m = Mutations.mutate(new MessagesMessage(envs).encode(), op, pos, value);
    onlyCodecException(MessagesMessage::readFrom, m);
    onlyCodecException(P2pMessageMessage::readFrom, m);
  }

  @Property(tries = 300)
  void messagesRoundTrip(@ForAll("envelopeLists") List<Envelope> envs) throws Exception {
    assertThat(MessagesMessage.readFrom(new MessagesMessage(envs).encode()).envelopes())
        .isEqualTo(envs);
  }

  @Provide
  Arbitrary<MessageResponseMessage> responses() {
    Arbitrary<MessageResponseMessage.EnvelopeError> error =
        Combinators.combine(
                Arbitraries.bytes().array(byte[].class).ofSize(32).map(EnvelopeHash::of),
                Arbitraries.longs(),
                Arbitraries.strings().ofMaxLength(20))
            .as(MessageResponseMessage.EnvelopeError::new);
    return Combinators.combine(
            Arbitraries.bytes().array(byte[].class).ofSize(32), error.list().ofMaxSize(4))
        .as(MessageResponseMessage::new);
  }

  @Property(tries = 800)
  void mutatedMessageResponsesOnlyRaiseWakuCodecException(
      @ForAll("responses") MessageResponseMessage m,
      @ForAll int op,
      @ForAll int pos,
      @ForAll int value) {
    onlyCodecException(
        MessageResponseMessage::readFrom, Mutations.mutate(m.encode(), op, pos, value));
  }

  @Provide
  Arbitrary<byte[]> p2pEncodings() {
    Arbitrary<byte[]> b32 = Arbitraries.bytes().array(byte[].class).ofSize(32);
    Arbitrary<byte[]> list =
        Combinators.combine(b32, b32, Arbitraries.bytes().array(byte[].class).ofMaxSize(40))
            .as((a, b, c) -> P2pRequestCompleteMessage.ofList(a, b, c).encode());
    Arbitrary<byte[]> go =
        Combinators.combine(b32, b32, Arbitraries.bytes().array(byte[].class).ofSize(36))
            .as((a, b, c) -> P2pRequestCompleteMessage.ofBytes(a, b, c).encode());
    Arbitrary<byte[]> failure =
        Combinators.combine(b32, Arbitraries.strings().ofMaxLength(30))
            .as((a, s) -> P2pRequestCompleteMessage.failure(a, s).encode());
    Arbitrary<byte[]> request =
        Combinators.combine(
                b32,
                Arbitraries.longs().between(0, 0xffff_ffffL),
                Arbitraries.integers().map(Topic::ofInt).list().ofMaxSize(5))
            .as(
                (id, t, topics) ->
                    P2pRequestMessage.ofRequest(
                            new MessagesRequest(id, t, t, t, new byte[0], new byte[64], topics))
                        .encode());
    Arbitrary<byte[]> envelope =
        Mutations.envelopes(60).map(e -> P2pRequestMessage.ofEnvelope(e).encode());
    return Arbitraries.oneOf(list, go, failure, request, envelope);
  }

  @Property(tries = 1000)
  void mutatedP2pPacketsOnlyRaiseWakuCodecException(
      @ForAll("p2pEncodings") byte[] valid, @ForAll int op, @ForAll int pos, @ForAll int value) {
    onlyCodecException(P2pRequestCompleteMessage::readFrom, valid);
    onlyCodecException(P2pRequestMessage::readFrom, valid);
    byte[] m = Mutations.mutate(valid, op, pos, value);
    onlyCodecException(P2pRequestCompleteMessage::readFrom, m);
    onlyCodecException(P2pRequestMessage::readFrom, m);
    onlyCodecException(BatchAckMessage::readFrom, m);
  }
}
