package dev.causeway.libp2p.multiaddr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.hex.Hex;
import dev.causeway.libp2p.multiaddr.Multiaddr.Component;
import dev.causeway.libp2p.peer.PeerId;
import dev.causeway.testing.RandomInputs;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultiaddrTest {
  private static final String SECP_ID = "16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY";
  private static final String ED_ID = "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq";

  private static Multiaddr ma(String text) throws MultiaddrException {
    return Multiaddr.parse(text);
  }

  @Test
  void acceptsLegacyIpfsNameAndPrintsP2p() throws Exception {
    Multiaddr legacy = ma("/ip4/1.2.3.4/tcp/1/ipfs/" + ED_ID);

    assertThat(legacy).isEqualTo(ma("/ip4/1.2.3.4/tcp/1/p2p/" + ED_ID));
    assertThat(legacy.toString()).isEqualTo("/ip4/1.2.3.4/tcp/1/p2p/" + ED_ID);
  }

  @Test
  void printsIp6InRfc5952Form() throws Exception {
    assertThat(ma("/ip6/0:0:0:0:0:0:0:0").toString()).isEqualTo("/ip6/::");
    assertThat(ma("/ip6/2001:db8:0:0:1:0:0:1").toString()).isEqualTo("/ip6/2001:db8::1:0:0:1");
    assertThat(ma("/ip6/2001:db8:0:1:1:1:1:1").toString()).isEqualTo("/ip6/2001:db8:0:1:1:1:1:1");
    assertThat(ma("/ip6/1:0:0:2:0:0:0:3").toString()).isEqualTo("/ip6/1:0:0:2::3");
    assertThat(ma("/ip6/FE80::ABCD").toString()).isEqualTo("/ip6/fe80::abcd");
    assertThat(ma("/ip6/1::").toString()).isEqualTo("/ip6/1::");
    assertThat(ma("/ip6/::ffff:10.0.0.1").toString()).isEqualTo("/ip6/::ffff:10.0.0.1");
    assertThat(ma("/ip6/64:ff9b::192.0.2.33").toString()).isEqualTo("/ip6/64:ff9b::c000:221");
  }

  @Test
  void exposesComponentsAndValues() throws Exception {
    Multiaddr m = ma("/dns4/node.example.org/tcp/8000/wss/p2p/" + SECP_ID);

    List<Component> cs = m.components();
    assertThat(cs)
        .extracting(Component::protocol)
        .containsExactly(Protocol.DNS4, Protocol.TCP, Protocol.WSS, Protocol.P2P);
    assertThat(cs.get(0).valueText()).isEqualTo("node.example.org");
    assertThat(Hex.encode(cs.get(1).value())).isEqualTo("1f40");
    assertThat(cs.get(2).valueText()).isEmpty();
    assertThat(cs.get(2).toString()).isEqualTo("/wss");
    assertThat(m.has(Protocol.WSS)).isTrue();
    assertThat(m.has(Protocol.WS)).isFalse();
  }

  @Test
  void peerIdHelpersWorkOnTheTrailingP2pComponent() throws Exception {
    PeerId secp = PeerId.parse(SECP_ID);
    PeerId ed = PeerId.parse(ED_ID);
    Multiaddr bare = ma("/ip4/1.2.3.4/tcp/60000");
    Multiaddr withId = ma("/ip4/1.2.3.4/tcp/60000/p2p/" + SECP_ID);

    assertThat(withId.peerId()).contains(secp);
    assertThat(bare.peerId()).isEmpty();
    assertThat(withId.withoutPeerId()).isEqualTo(bare);
    assertThat(bare.withoutPeerId()).isSameAs(bare);
    assertThat(bare.withPeerId(secp)).isEqualTo(withId);
    assertThat(withId.withPeerId(ed).toString()).isEqualTo("/ip4/1.2.3.4/tcp/60000/p2p/" + ED_ID);
    assertThat(ma("/p2p/" + SECP_ID).withoutPeerId().isEmpty()).isTrue();

    Multiaddr circuit = ma("/ip4/1.2.3.4/tcp/1/p2p/" + SECP_ID + "/p2p-circuit/p2p/" + ED_ID);
    assertThat(circuit.peerId()).contains(ed);
    assertThat(ma("/ip4/1.2.3.4/tcp/1/p2p/" + SECP_ID + "/p2p-circuit").peerId()).isEmpty();
  }

  @Test
  void encapsulatesAndBuildsFromComponents() throws Exception {
    Multiaddr base = ma("/ip4/127.0.0.1/tcp/8000");
    Multiaddr ws = Multiaddr.of(Component.of(Protocol.WS));

    assertThat(base.encapsulate(ws).toString()).isEqualTo("/ip4/127.0.0.1/tcp/8000/ws");
    assertThat(base.encapsulate(Multiaddr.empty())).isSameAs(base);
    assertThat(Multiaddr.empty().encapsulate(base)).isSameAs(base);
    assertThat(
            Multiaddr.of(
                Component.of(Protocol.IP4, "127.0.0.1"),
                Component.of(Protocol.TCP, "8000"),
                Component.of(Protocol.WS)))
        .isEqualTo(base.encapsulate(ws));
    assertThat(Multiaddr.empty().toString()).isEqualTo("/");
    assertThat(Multiaddr.parse("/")).isEqualTo(Multiaddr.empty());
    assertThat(Multiaddr.fromBytes(new byte[0])).isEqualTo(Multiaddr.empty());
  }

  @Test
  void componentFactoriesValidateValues() throws Exception {
    assertThatThrownBy(() -> Component.of(Protocol.TCP))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Component.of(Protocol.WS, "x")).isInstanceOf(MultiaddrException.class);
    assertThatThrownBy(() -> Component.ofBytes(Protocol.IP4, new byte[3]))
        .isInstanceOf(MultiaddrException.class);
    assertThatThrownBy(() -> Component.ofBytes(Protocol.WS, new byte[1]))
        .isInstanceOf(MultiaddrException.class);
    assertThatThrownBy(() -> Component.of(Protocol.DNS4, "a".repeat(256)))
        .isInstanceOf(MultiaddrException.class);
    assertThat(Component.p2p(PeerId.parse(ED_ID)).toString()).isEqualTo("/p2p/" + ED_ID);
    assertThat(Component.ofBytes(Protocol.UDP, new byte[] {(byte) 0xea, 0x60}).valueText())
        .isEqualTo("60000");
  }

  @Test
  void convertsToSocketAddressesWithoutResolvingNames() throws Exception {
    assertThat(ma("/ip4/127.0.0.1/tcp/60000/p2p/" + SECP_ID).toInetSocketAddress())
        .contains(new InetSocketAddress("127.0.0.1", 60000));
    InetSocketAddress v6 = ma("/ip6/::1/tcp/8000/ws").toInetSocketAddress().orElseThrow();
    assertThat(v6.getAddress().getHostAddress()).isIn("0:0:0:0:0:0:0:1", "::1");
    assertThat(v6.getPort()).isEqualTo(8000);

    InetSocketAddress dns =
        ma("/dns4/node.example.org/tcp/443/wss").toInetSocketAddress().orElseThrow();
    assertThat(dns.isUnresolved()).isTrue();
    assertThat(dns.getHostString()).isEqualTo("node.example.org");
    assertThat(dns.getPort()).isEqualTo(443);

    assertThat(ma("/dns/example.org/ws").toInetSocketAddress().orElseThrow().getPort())
        .isEqualTo(80);
    assertThat(ma("/dns6/example.org/wss").toInetSocketAddress().orElseThrow().getPort())
        .isEqualTo(443);
    assertThat(ma("/dns4/example.org/tls/ws").toInetSocketAddress().orElseThrow().getPort())
        .isEqualTo(443);

    assertThat(ma("/ip4/1.2.3.4/udp/60000/quic-v1").toInetSocketAddress()).isEmpty();
    assertThat(ma("/dnsaddr/example.org/p2p/" + ED_ID).toInetSocketAddress()).isEmpty();
    assertThat(ma("/ip4/1.2.3.4").toInetSocketAddress()).isEmpty();
    assertThat(ma("/dns4/example.org/http").toInetSocketAddress()).isEmpty();
    assertThat(ma("/tcp/80/ip4/1.2.3.4").toInetSocketAddress()).isEmpty();
  }

  @Test
  void classifiesWebSocketAddresses() throws Exception {
    assertWs("/ip4/1.2.3.4/tcp/8000/ws", true, false);
    assertWs("/ip6/::1/tcp/8000/ws/p2p/" + SECP_ID, true, false);
    assertWs("/dns4/node.example.org/tcp/8000/wss/p2p/" + SECP_ID, true, true);
    assertWs("/dns4/node.example.org/tcp/443/tls/ws", true, true);
    assertWs("/dns/node.example.org/tcp/443/tls/sni/node.example.org/ws", true, true);
    assertWs("/dns4/node.example.org/wss", true, true);
    assertWs("/dns4/node.example.org/ws", true, false);

    assertWs("/ip4/1.2.3.4/tcp/60000", false, false);
    assertWs("/ip4/1.2.3.4/tcp/443/tls", false, false);
    assertWs("/ip4/1.2.3.4/tcp/443/tls/http", false, false);
    assertWs("/ip4/1.2.3.4/udp/443/ws", false, false);
    assertWs("/dnsaddr/example.org/wss", false, false);
    assertWs("/ip4/1.2.3.4/tcp/443/wss/p2p/" + SECP_ID + "/p2p-circuit/p2p/" + ED_ID, false, false);
    assertWs("/ip4/1.2.3.4/tcp/443/ws/ws", false, false);
  }

  private static void assertWs(String text, boolean ws, boolean secure) throws Exception {
    Multiaddr m = ma(text);
    assertThat(m.isWebSocket()).as("isWebSocket %s", text).isEqualTo(ws);
    assertThat(m.isSecureWebSocket()).as("isSecureWebSocket %s", text).isEqualTo(secure);
  }

  @Test
  void percentEncodesHttpPathLikeGo() throws Exception {
    Multiaddr m = ma("/dns/a.org/http-path/a%20b%2Fc%3F$&+:=@~");

    assertThat(new String(m.components().get(1).value(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("a b/c?$&+:=@~");
    assertThat(m.toString()).isEqualTo("/dns/a.org/http-path/a%20b%2Fc%3F$&+:=@~");
    assertThat(ma("/dns/a.org/http-path/%2f").toString()).isEqualTo("/dns/a.org/http-path/%2F");
  }

  @Test
  void acceptsBase58CerthashAndPrintsBase64Url() throws Exception {
    Multiaddr u = ma("/certhash/uEiDCwKcrcbgBQnYGYbLKaX4r99tcQoHakDsjr2fuEnfARQ");
    String z = "z" + dev.causeway.libp2p.peer.Base58.encode(u.components().get(0).value());

    assertThat(ma("/certhash/" + z)).isEqualTo(u);
    assertThatThrownBy(() -> ma("/certhash/uEiDCwKcr==")).isInstanceOf(MultiaddrException.class);
    assertThatThrownBy(() -> ma("/certhash/uEiA")).isInstanceOf(MultiaddrException.class);
  }

  @Test
  void enforcesInputLimitsBeforeParsing() throws Exception {
    assertThatThrownBy(() -> ma("/ip4/1.2.3.4/tcp/1" + "/ws".repeat(700)))
        .isInstanceOf(MultiaddrException.class)
        .hasMessageContaining("longer than " + Multiaddr.MAX_TEXT_LENGTH);
    assertThatThrownBy(() -> ma("/ws".repeat(Multiaddr.MAX_COMPONENTS + 1)))
        .isInstanceOf(MultiaddrException.class)
        .hasMessageContaining("components");
    assertThat(ma("/ws".repeat(Multiaddr.MAX_COMPONENTS)).components())
        .hasSize(Multiaddr.MAX_COMPONENTS);

    byte[] tooMany = new byte[2 * (Multiaddr.MAX_COMPONENTS + 1)];
    for (int i = 0; i < tooMany.length; i += 2) {
      tooMany[i] = (byte) 0xdd;
      tooMany[i + 1] = 0x03;
    }
    assertThatThrownBy(() -> Multiaddr.fromBytes(tooMany)).isInstanceOf(MultiaddrException.class);
    assertThatThrownBy(() -> Multiaddr.fromBytes(new byte[Multiaddr.MAX_BYTES + 1]))
        .isInstanceOf(MultiaddrException.class)
        .hasMessageContaining("longer than");
    String longNames =
        "/dns/"
            + "a".repeat(250)
            + "/dns/"
            + "b".repeat(250)
            + "/dns/"
            + "c".repeat(250)
            + "/dns/"
            + "d".repeat(250)
            + "/dns/"
            + "e".repeat(250);
    assertThatThrownBy(() -> ma(longNames))
        .isInstanceOf(MultiaddrException.class)
        .hasMessageContaining(Multiaddr.MAX_BYTES + " bytes");
  }

  @Test
  void equalityFollowsBinaryForm() throws Exception {
    Multiaddr a = ma("/ip6/2001:DB8::1/tcp/443");
    Multiaddr b = ma("/ip6/2001:db8:0::0:1/tcp/443/");

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(ma("/ip6/2001:db8::1/udp/443"));
  }

  @Test
  void randomBytesAndMutatedEncodingsOnlyGiveMultiaddrException() throws Exception {
    byte[][] valid = {
      ma("/ip4/198.51.100.7/tcp/8000/ws/p2p/" + SECP_ID).bytes(),
      ma("/dns4/node.example.org/tcp/443/tls/sni/x.org/ws").bytes(),
      ma("/ip6/::1/udp/1/quic-v1/webtransport/certhash/uEiDCwKcrcbgBQnYGYbLKaX4r99tcQoHakDsjr2fuEnfARQ")
          .bytes(),
      ma("/dns/a.org/http-path/x%2Fy/p2p-circuit/ip6zone/eth0").bytes(),
    };
    int[] decoded = {0};
    RandomInputs.forEachCase(
        4000,
        r -> {
          byte[] in =
              r.nextInt(3) == 0
                  ? RandomInputs.bytes(r, 120)
                  : RandomInputs.mutate(r, valid[r.nextInt(valid.length)]);
          try {
            Multiaddr m = Multiaddr.fromBytes(in);
            decoded[0]++;
            assertThat(m.bytes()).isEqualTo(in);
            exerciseHelpers(m);
            assertThat(Multiaddr.parse(m.toString())).isEqualTo(m);
          } catch (MultiaddrException expected) {
            // typed
          }
        });
    assertThat(decoded[0]).as("some mutations stay valid").isGreaterThan(100);
  }

  @Test
  void randomTextOnlyGivesMultiaddrException() throws Exception {
    String[] corpus = {
      "ip4",
      "ip6",
      "tcp",
      "udp",
      "dns4",
      "p2p",
      "ipfs",
      "ws",
      "wss",
      "tls",
      "sni",
      "certhash",
      "http-path",
      "ip6zone",
      "p2p-circuit",
      "quic-v1",
      "0.0.0.0",
      "127.0.0.1",
      "::1",
      "::ffff:1.2.3.4",
      "65535",
      "12345",
      SECP_ID,
      ED_ID,
      "uEiDCwKcrcbgBQnYGYbLKaX4r99tcQoHakDsjr2fuEnfARQ",
      "%2F",
      "%",
      "",
      "a.org"
    };
    int[] parsed = {0};
    RandomInputs.forEachCase(
        4000,
        r -> {
          String text = randomText(r, corpus);
          try {
            Multiaddr m = Multiaddr.parse(text);
            parsed[0]++;
            exerciseHelpers(m);
            assertThat(Multiaddr.fromBytes(m.bytes())).isEqualTo(m);
            assertThat(Multiaddr.parse(m.toString())).isEqualTo(m);
          } catch (MultiaddrException expected) {
            // typed
          }
        });
    assertThat(parsed[0]).as("some random texts are valid").isGreaterThan(500);
  }

  /** Mostly well-formed name/value sequences, with junk, wrong values and truncation mixed in. */
  private static String randomText(Random r, String[] corpus) {
    Protocol[] protocols = Protocol.values();
    StringBuilder sb = new StringBuilder();
    int parts = r.nextInt(8);
    for (int i = 0; i < parts; i++) {
      sb.append('/');
      int pick = r.nextInt(8);
      if (pick == 0) {
        byte[] junk = RandomInputs.bytes(r, 12);
        for (byte b : junk) {
          sb.append((char) (r.nextBoolean() ? (b & 0x7f) : (b & 0xffff)));
        }
        continue;
      }
      if (pick == 1) {
        sb.append(corpus[r.nextInt(corpus.length)]);
        continue;
      }
      Protocol p = protocols[r.nextInt(protocols.length)];
      sb.append(p == Protocol.P2P && r.nextBoolean() ? "ipfs" : p.textName());
      if (p.hasValue() && r.nextInt(10) != 0) {
        sb.append('/').append(r.nextInt(4) == 0 ? corpus[r.nextInt(corpus.length)] : value(p, r));
      }
    }
    return r.nextInt(10) == 0 ? sb.substring(Math.min(1, sb.length())) : sb.toString();
  }

  private static String value(Protocol p, Random r) {
    return switch (p) {
      case IP4 ->
          r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(300);
      case IP6 -> r.nextBoolean() ? "::" + Integer.toHexString(r.nextInt(0x10000)) : "fe80::1:2";
      case TCP, UDP, DCCP, SCTP -> Integer.toString(r.nextInt(70000));
      case P2P -> r.nextBoolean() ? SECP_ID : ED_ID;
      case CERTHASH -> "uEiDCwKcrcbgBQnYGYbLKaX4r99tcQoHakDsjr2fuEnfARQ";
      case HTTP_PATH -> "a%2Fb";
      default -> "h" + r.nextInt(1000) + ".example";
    };
  }

  private static void exerciseHelpers(Multiaddr m) {
    m.peerId();
    m.withoutPeerId();
    m.toInetSocketAddress();
    m.isWebSocket();
    m.isSecureWebSocket();
    List<String> texts = new ArrayList<>();
    for (Component c : m.components()) {
      texts.add(c.toString());
    }
    assertThat(String.join("", texts)).isEqualTo(m.isEmpty() ? "" : m.toString());
  }
}
