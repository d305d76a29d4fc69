package dev.causeway.libp2p.pubsub.gossipsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Range checks of the parameter records, and the whitelist's address-block parsing. */
class ScoreParamsTest {

  static Stream<Arguments> invalidParams() {
    return Stream.of(
        bad("topicWeight", () -> TopicScoreParams.builder().topicWeight(-1).build()),
        bad(
            "timeInMeshWeight",
            () -> TopicScoreParams.builder().timeInMesh(-0.1, Duration.ofSeconds(1), 1).build()),
        bad(
            "timeInMeshQuantum",
            () -> TopicScoreParams.builder().timeInMesh(0.1, Duration.ZERO, 1).build()),
        bad(
            "timeInMeshCap",
            () -> TopicScoreParams.builder().timeInMesh(0.1, Duration.ofSeconds(1), 0).build()),
        bad(
            "firstMessageDeliveriesDecay",
            () -> TopicScoreParams.builder().firstMessageDeliveries(1, 1, 10).build()),
        bad(
            "firstMessageDeliveriesCap",
            () -> TopicScoreParams.builder().firstMessageDeliveries(1, 0.5, 0).build()),
        bad(
            "meshMessageDeliveriesWeight",
            () ->
                TopicScoreParams.builder()
                    .meshMessageDeliveries(1, 0.5, 1, 1, Duration.ZERO, Duration.ZERO)
                    .build()),
        bad(
            "meshMessageDeliveriesThreshold",
            () ->
                TopicScoreParams.builder()
                    .meshMessageDeliveries(-1, 0.5, 0, 1, Duration.ZERO, Duration.ZERO)
                    .build()),
        bad(
            "meshMessageDeliveriesCap",
            () ->
                TopicScoreParams.builder()
                    .meshMessageDeliveries(-1, 0.5, 4, 2, Duration.ZERO, Duration.ZERO)
                    .build()),
        bad(
            "meshMessageDeliveriesWindow",
            () ->
                TopicScoreParams.builder()
                    .meshMessageDeliveries(0, 0, 0, 0, Duration.ZERO, Duration.ofMillis(-1))
                    .build()),
        bad(
            "meshFailurePenaltyDecay",
            () -> TopicScoreParams.builder().meshFailurePenalty(-1, 0).build()),
        bad(
            "invalidMessageDeliveriesWeight",
            () -> TopicScoreParams.builder().invalidMessageDeliveries(1, 0.5).build()),
        bad(
            "invalidMessageDeliveriesDecay",
            () -> TopicScoreParams.builder().invalidMessageDeliveries(-1, 1.5).build()),
        bad("topicScoreCap", () -> PeerScoreParams.builder().topicScoreCap(-1).build()),
        bad("appSpecificWeight", () -> PeerScoreParams.builder().appSpecificWeight(-1).build()),
        bad(
            "ipColocationFactorWeight",
            () -> PeerScoreParams.builder().ipColocationFactor(1, 5, List.of()).build()),
        bad(
            "ipColocationFactorThreshold",
            () -> PeerScoreParams.builder().ipColocationFactor(-1, 0, List.of()).build()),
        bad(
            "not an IP address",
            () ->
                PeerScoreParams.builder().ipColocationFactor(-1, 5, List.of("localhost")).build()),
        bad(
            "prefix length",
            () ->
                PeerScoreParams.builder()
                    .ipColocationFactor(-1, 5, List.of("10.0.0.0/33"))
                    .build()),
        bad(
            "behaviourPenaltyWeight",
            () -> PeerScoreParams.builder().behaviourPenalty(1, 0, 0.5).build()),
        bad(
            "behaviourPenaltyThreshold",
            () -> PeerScoreParams.builder().behaviourPenalty(-1, -1, 0.5).build()),
        bad(
            "behaviourPenaltyDecay",
            () -> PeerScoreParams.builder().behaviourPenalty(-1, 0, 0).build()),
        bad("decayInterval", () -> PeerScoreParams.builder().decayInterval(Duration.ZERO).build()),
        bad("decayToZero", () -> PeerScoreParams.builder().decayToZero(0).build()),
        bad("decayToZero", () -> PeerScoreParams.builder().decayToZero(1).build()),
        bad(
            "retainScore",
            () -> PeerScoreParams.builder().retainScore(Duration.ofSeconds(-1)).build()));
  }

  private static Arguments bad(String name, Supplier<?> build) {
    return Arguments.of(name, build);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidParams")
  void rejectsOutOfRangeValueNamingIt(String name, Supplier<?> build) {
    assertThatThrownBy(build::get)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(name);
  }

  @Test
  void disabledTermsAcceptZeroDecays() {
    TopicScoreParams p =
        TopicScoreParams.builder()
            .meshMessageDeliveries(0, 0, 0, 0, Duration.ZERO, Duration.ZERO)
            .meshFailurePenalty(0, 0)
            .invalidMessageDeliveries(0, 0)
            .build();
    assertThat(p.meshMessageDeliveriesWeight()).isZero();
  }

  @Test
  void toBuilderRoundTrips() {
    assertThat(WakuScoring.topicParams().toBuilder().build()).isEqualTo(WakuScoring.topicParams());
    assertThat(WakuScoring.params().toBuilder().build()).isEqualTo(WakuScoring.params());
  }

  @Test
  void whitelistCopyIsImmutable() {
    List<String> list = new java.util.ArrayList<>(List.of("127.0.0.0/8"));
    PeerScoreParams p = PeerScoreParams.builder().ipColocationFactor(-1, 2, list).build();
    list.add("10.0.0.0/8");
    assertThat(p.ipColocationFactorWhitelist()).containsExactly("127.0.0.0/8");
  }

  // IpNet

  @Test
  void cidrBlocksContainTheirAddressesOnly() {
    IpNet v4 = IpNet.parse("192.168.4.0/22");
    assertThat(v4.contains(IpNet.parseAddress("192.168.7.255"))).isTrue();
    assertThat(v4.contains(IpNet.parseAddress("192.168.8.0"))).isFalse();
    assertThat(v4.contains(IpNet.parseAddress("::1"))).isFalse();

    IpNet v6 = IpNet.parse("2001:db8::/33");
    assertThat(v6.contains(IpNet.parseAddress("2001:db8:7fff::1"))).isTrue();
    assertThat(v6.contains(IpNet.parseAddress("2001:db8:8000::1"))).isFalse();

    assertThat(IpNet.parse("10.0.0.1").contains(IpNet.parseAddress("10.0.0.1"))).isTrue();
    assertThat(IpNet.parse("10.0.0.1").contains(IpNet.parseAddress("10.0.0.2"))).isFalse();
    assertThat(IpNet.parse("0.0.0.0/0").contains(IpNet.parseAddress("8.8.8.8"))).isTrue();
  }

  @Test
  void onlyLiteralAddressesParse() {
    assertThat(IpNet.parseAddress("256.0.0.1")).isNull();
    assertThat(IpNet.parseAddress("1.2.3")).isNull();
    assertThat(IpNet.parseAddress("example.com")).isNull();
    assertThat(IpNet.parseAddress("fe80::1%eth0")).isNull();
    assertThat(IpNet.parseAddress("gg::1")).isNull();
    assertThat(IpNet.parseAddress("1:2")).isNull();
    assertThat(IpNet.parseAddress("::ffff:1.2.3.4")).containsExactly(1, 2, 3, 4);
    assertThat(IpNet.parseAddress("::1")).hasSize(16);
  }

  @Test
  void canonicalFormUnifiesSpellingsOfOneAddress() {
    assertThat(IpNet.canonical("2001:DB8:0:0::1")).isEqualTo(IpNet.canonical("2001:db8::1"));
    assertThat(IpNet.canonical("::ffff:10.0.0.1")).isEqualTo("10.0.0.1");
    assertThat(IpNet.canonical("not-an-ip")).isEqualTo("not-an-ip");
  }
}
