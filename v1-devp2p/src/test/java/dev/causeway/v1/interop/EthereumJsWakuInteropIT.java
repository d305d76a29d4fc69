package dev.causeway.v1.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.common.hex.Hex;
import dev.causeway.v1.rlpx.Enode;
import dev.causeway.v1.rlpx.host.Devp2pConfig;
import dev.causeway.v1.waku.WakuV1Config;
import dev.causeway.v1.waku.WakuV1Node;
import dev.causeway.v1.waku.envelope.Envelope;
import dev.causeway.v1.waku.envelope.PowMiner;
import dev.causeway.v1.waku.envelope.ProofOfWork;
import dev.causeway.v1.waku.envelope.Topic;
import dev.causeway.v1.waku.message.MessagesMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real {@link WakuV1Node} against {@code @ethereumjs/devp2p} 10.0.0 from npm (the {@link
 * JsDevp2pPeer} fixture), at the {@code waku/1} level ({@code v1-waku.md} §3, §4, §9): ethereumjs
 * decodes our Status (PoW 0.002, full bloom, keys 0–3 ascending), an envelope it sends us in a
 * Messages packet reaches our listener, and an envelope posted at our node is flooded to it in a
 * Messages packet of its own (never echoing the one it sent). Once with our node dialling, once
 * with ethereumjs dialling.
 *
 * <p>ethereumjs reads the msg-id as one byte, so wire ids of two RLP bytes (waku codes ≥ 112 at
 * offset 0x10) would reach it as wrong codes: every test checks that only Status (0) and Messages
 * (1) were ever sent to it.
 */
class EthereumJsWakuInteropIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC);
  private static final Topic TOPIC = Topic.fromHex("5a4ea131");
  private static final double OUR_POW = 0.002;

  /** Our Status msg-data: [[0, 0.002], [1, 64 × ff], [2, false], [3, false]] (v1-waku.md §3.1). */
  private static final String OUR_STATUS =
      "f856ca80883f60624dd2f1a9fc" + "f84301b840" + "ff".repeat(64) + "c20280c20380";

  private record Heard(Envelope envelope, String fromPeer) {}

  private WakuV1Node node;
  private final BlockingQueue<Heard> heard = new LinkedBlockingQueue<>();

  @BeforeEach
  void startNode() throws Exception {
    JsDevp2pPeer.assumeInteropEnabled();
    JsDevp2pPeer.ensureInstalled();
    Devp2pConfig dev =
        Devp2pConfig.defaults(Secp256k1.KeyPair.random(RANDOM), "127.0.0.1", 0).withIoThreads(1);
    WakuV1Config cfg =
        WakuV1Config.defaults(dev).withMinPow(OUR_POW).withFloodInterval(Duration.ofMillis(100));
    node = new WakuV1Node(cfg, new SimpleMeterRegistry(), CLOCK, RANDOM);
    node.addListener((e, pow, from) -> heard.add(new Heard(e, from)));
    node.start();
  }

  @AfterEach
  void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void ourNodeDialsEthereumjsAndEnvelopesFlowBothWays() throws Exception {
    try (JsDevp2pPeer js = JsDevp2pPeer.listen(randomKeyHex())) {
      Enode enode = Enode.parse(js.awaitEnode(WAIT));
      node.host().connect(enode).get(WAIT.toSeconds(), TimeUnit.SECONDS);
      exchangeEnvelopes(js);
    }
  }

  @Test
  void ethereumjsDialsOurNodeAndEnvelopesFlowBothWays() throws Exception {
    try (JsDevp2pPeer js = JsDevp2pPeer.dial(randomKeyHex(), node.enode().url())) {
      assertThat(js.awaitEvent("connected", WAIT)).containsEntry("snappy", true);
      exchangeEnvelopes(js);
    }
  }

  private void exchangeEnvelopes(JsDevp2pPeer js) throws Exception {
    // Our Status, as ethereumjs received and decoded it.
    Map<String, Object> status = js.awaitEvent("waku-status", WAIT);
    assertThat(status).containsEntry("valid", true);
    assertThat(status.get("keys")).isEqualTo(List.of(0, 1, 2, 3));
    @SuppressWarnings("unchecked")
    Map<String, Object> options = (Map<String, Object>) status.get("options");
    assertThat(options)
        .containsEntry("pow", OUR_POW)
        .containsEntry("bloom", "ff".repeat(64))
        .containsEntry("lightNode", false)
        .containsEntry("confirmations", false);
    assertThat(js.awaitEvent("waku-message", e -> Integer.valueOf(0).equals(e.get("code")), WAIT))
        .containsEntry("data", OUR_STATUS);

    // ethereumjs → us: its Status went out first on the same stream, so a Messages packet now is
    // legal. The envelope expires in our clock's future and meets our PoW requirement.
    js.awaitEvent("waku-status-sent", WAIT);
    Envelope theirs = mined("from ethereumjs");
    js.command("send waku 1 " + Hex.encode(new MessagesMessage(List.of(theirs)).encode()));
    assertThat(js.awaitEvent("command-done", WAIT)).containsEntry("peers", 1);
    Heard got = heard.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(got).as("envelope from ethereumjs within %s", WAIT).isNotNull();
    assertThat(got.envelope().hash()).isEqualTo(theirs.hash());
    assertThat(got.envelope().data()).isEqualTo(theirs.data());
    assertThat(got.fromPeer()).isNotNull();

    // us → ethereumjs: a posted envelope, mined here, flooded in a packet of its own.
    Envelope ours =
        node.post(TOPIC, "from causeway".getBytes(StandardCharsets.UTF_8), 50, OUR_POW)
            .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    String expected = Hex.encode(new MessagesMessage(List.of(ours)).encode());
    Map<String, Object> flooded =
        js.awaitEvent("waku-message", e -> Integer.valueOf(1).equals(e.get("code")), WAIT);
    assertThat(flooded).containsEntry("data", expected);

    // Nothing but Status and Messages ever reached ethereumjs, and it complained about nothing.
    List<Map<String, Object>> events = js.events();
    assertThat(events)
        .filteredOn(e -> "waku-message".equals(e.get("event")))
        .extracting(e -> (Integer) e.get("code"))
        .allMatch(code -> code == 0 || code == 1)
        .containsOnlyOnce(0);
    assertThat(events)
        .noneMatch(e -> "error".equals(e.get("event")) || "disconnect".equals(e.get("event")));
    assertThat(node.activePeerCount()).isEqualTo(1);
  }

  /** An envelope valid for 50 s from {@link #CLOCK}, mined to at least our PoW requirement. */
  private static Envelope mined(String text) {
    long now = CLOCK.instant().getEpochSecond();
    Envelope unsealed = Envelope.of(now + 50, 50, TOPIC, text.getBytes(StandardCharsets.UTF_8), 0);
    Envelope sealed = new PowMiner().mine(unsealed, OUR_POW, 1L << 32).sealed().orElseThrow();
    assertThat(ProofOfWork.pow(sealed)).isGreaterThanOrEqualTo(OUR_POW);
    return sealed;
  }

  private static String randomKeyHex() {
    return Hex.encode(Secp256k1.KeyPair.random(RANDOM).privateKey());
  }
}
