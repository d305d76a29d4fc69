package dev.causeway.v1.rlpx.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.causeway.common.hex.Hex;
import dev.causeway.testing.RandomInputs;
import dev.causeway.v1.rlp.Rlp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HelloMessageTest {
  private static final byte[] NODE_ID =
      Hex.decode(
          "fda1cff674c90c9a197539fe3dfb53086ace64f83ed7c6eabec741f7f381cc80"
              + "3e52ab2cd55d5569bce4347107a310dfd5f88a010cd2ffd1005ca406f1842877");

  static Stream<String> helloVectors() throws IOException {
    try (InputStream in =
        HelloMessageTest.class.getResourceAsStream("/vectors/devp2p-wire/hello.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .lines()
              .map(String::strip)
              .filter(l -> l.startsWith("hello ="))
              .map(l -> l.substring("hello =".length()).strip())
              .toList()
              .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("helloVectors")
  void decodesHelloVector(String line) throws WireException {
    String[] f = line.split("\\s*\\|\\s*");
    List<Capability> caps = new ArrayList<>();
    for (String c : f[4].split(",")) {
      String[] nv = c.split("/");
      caps.add(new Capability(nv[0], Integer.parseInt(nv[1])));
    }
    byte[] msgData = Hex.decode(f[1]);

    HelloMessage hello = HelloMessage.readFrom(msgData);

    assertThat(hello.protocolVersion()).isEqualTo(Integer.parseInt(f[2]));
    assertThat(hello.clientId()).isEqualTo(f[3]);
    assertThat(hello.capabilities()).isEqualTo(caps);
    assertThat(hello.listenPort()).isEqualTo(Integer.parseInt(f[5]));
    assertThat(hello.nodeId()).isEqualTo(Hex.decode(f[6]));
    if (Boolean.parseBoolean(f[7])) {
      assertThat(Hex.encode(hello.encode())).isEqualTo(f[1]);
    }
  }

  @Test
  void roundTrips() throws WireException {
    HelloMessage hello =
        new HelloMessage(
            5,
            "causeway/v0.1.0/linux-amd64/java17",
            List.of(new Capability("shh", 6), new Capability("waku", 0), new Capability("waku", 1)),
            0,
            NODE_ID);

    HelloMessage decoded = HelloMessage.readFrom(hello.encode());

    assertThat(decoded).isEqualTo(hello);
    assertThat(decoded.supportsSnappy()).isTrue();
  }

  @Test
  void roundTripsLongClientIdAndNoCapabilities() throws WireException {
    HelloMessage hello = new HelloMessage(4, "x".repeat(300), List.of(), 65535, NODE_ID);
    HelloMessage decoded = HelloMessage.readFrom(hello.encode());
    assertThat(decoded).isEqualTo(hello);
    assertThat(decoded.supportsSnappy()).isFalse();
  }

  private static byte[] hello(byte[]... items) {
    return Rlp.encodeList(items);
  }

  private static byte[] caps(byte[]... entries) {
    return Rlp.encodeList(entries);
  }

  private static byte[] cap(String name, long version) {
    return Rlp.encodeList(
        Rlp.encodeString(name.getBytes(StandardCharsets.ISO_8859_1)), Rlp.encodeLong(version));
  }

  private static byte[] str(String s) {
    return Rlp.encodeString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void ignoresExtraElementsTrailingBytesAndUnrepresentableValues() throws WireException {
    byte[] msg =
        hello(
            Rlp.encodeLong(1L << 40),
            str("odd"),
            caps(
                cap("waku", 1),
                cap("toolongname", 1),
                cap("eth", 1L << 33),
                Rlp.encodeList(str("les"), Rlp.encodeLong(2), Rlp.encodeLong(9))),
            Rlp.encodeLong(70000),
            Rlp.encodeString(NODE_ID),
            Rlp.encodeList(),
            str("extra"));
    byte[] withTrailing = Arrays.copyOf(msg, msg.length + 2);

    HelloMessage hello = HelloMessage.readFrom(withTrailing);

    assertThat(hello.protocolVersion()).isEqualTo(Integer.MAX_VALUE);
    assertThat(hello.capabilities())
        .containsExactly(new Capability("waku", 1), new Capability("les", 2));
    assertThat(hello.listenPort()).isZero();
  }

  @Test
  void rejectsMsgDataAbove2048Bytes() {
    byte[] big = new HelloMessage(5, "x".repeat(2000), List.of(), 0, NODE_ID).encode();
    assertThat(big.length).isGreaterThan(HelloMessage.MAX_MSG_DATA);
    assertThatThrownBy(() -> HelloMessage.readFrom(big))
        .isInstanceOf(WireException.class)
        .hasMessageContaining("exceeds");
  }

  @Test
  void rejectsZeroNodeId() {
    byte[] msg =
        hello(
            Rlp.encodeLong(5), str("c"), caps(), Rlp.encodeLong(0), Rlp.encodeString(new byte[64]));
    assertThatThrownBy(() -> HelloMessage.readFrom(msg))
        .isInstanceOf(WireException.class)
        .hasMessageContaining("node id");
  }

  @Test
  void rejectsShortNodeId() {
    byte[] msg =
        hello(
            Rlp.encodeLong(5),
            str("c"),
            caps(),
            Rlp.encodeLong(0),
            Rlp.encodeString(Arrays.copyOf(NODE_ID, 33)));
    assertThatThrownBy(() -> HelloMessage.readFrom(msg)).isInstanceOf(WireException.class);
  }

  @Test
  void rejectsMissingFieldsAndWrongShapes() {
    List<byte[]> bad =
        List.of(
            new byte[0],
            Hex.decode("c0"),
            hello(Rlp.encodeLong(5), str("c"), caps(), Rlp.encodeLong(0)),
            hello(
                Rlp.encodeLong(5),
                str("c"),
                str("notalist"),
                Rlp.encodeLong(0),
                Rlp.encodeString(NODE_ID)),
            hello(Rlp.encodeList(), str("c"), caps(), Rlp.encodeLong(0), Rlp.encodeString(NODE_ID)),
            hello(
                Rlp.encodeLong(5),
                str("c"),
                caps(str("waku")),
                Rlp.encodeLong(0),
                Rlp.encodeString(NODE_ID)),
            hello(
                Rlp.encodeLong(5),
                str("c"),
                caps(Rlp.encodeList(str("waku"))),
                Rlp.encodeLong(0),
                Rlp.encodeString(NODE_ID)),
            Hex.decode("05"));
    for (byte[] msg : bad) {
      assertThatThrownBy(() -> HelloMessage.readFrom(msg))
          .as(Hex.encode(msg))
          .isInstanceOf(WireException.class);
    }
  }

  @Test
  void rejectsInvalidValuesAtConstruction() {
    assertThatThrownBy(() -> new HelloMessage(5, "c", List.of(), 0, new byte[64]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HelloMessage(5, "c", List.of(), 65536, NODE_ID))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Capability("toolongname", 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Capability("", 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Capability("waku", -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void copiesNodeId() {
    byte[] id = NODE_ID.clone();
    HelloMessage hello = new HelloMessage(5, "c", List.of(), 0, id);
    id[0] ^= 1;
    hello.nodeId()[1] ^= 1;
    assertThat(hello.nodeId()).isEqualTo(NODE_ID);
  }

  @Test
  void randomBytesRaiseOnlyWireException() {
    RandomInputs.forEachCase(
        2000,
        r -> {
          byte[] msgData = RandomInputs.bytes(r, 3000);
          try {
            HelloMessage.readFrom(msgData);
          } catch (WireException expected) {
            // the only allowed failure
          }
        });
  }

  @Test
  void mutatedHellosRaiseOnlyWireException() {
    RandomInputs.forEachCase(
        2000,
        r -> {
          int position = r.nextInt(1001);
          byte value = (byte) r.nextInt(256);
          int cut = r.nextInt(4);
          byte[] msg =
              new HelloMessage(
                      5,
                      "mutant",
                      List.of(new Capability("waku", 1), new Capability("shh", 6)),
                      30303,
                      NODE_ID)
                  .encode();
          msg[position % msg.length] = value;
          byte[] input = Arrays.copyOf(msg, msg.length - cut);
          try {
            HelloMessage.readFrom(input);
          } catch (WireException expected) {
            // the only allowed failure
          }
        });
  }
}
