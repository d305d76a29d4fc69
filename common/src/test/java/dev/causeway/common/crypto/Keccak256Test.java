package dev.causeway.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.causeway.common.hex.Hex;
import dev.causeway.testing.RandomInputs;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.junit.jupiter.api.Test;

class Keccak256Test {
  @Test
  void emptyInputMatchesPublishedDigest() {
    assertThat(Hex.encode(Keccak256.hash(new byte[0])))
        .isEqualTo("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  }

  @Test
  void abcMatchesPublishedDigest() {
    assertThat(Hex.encode(Keccak256.hash("abc".getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo("4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
  }

  @Test
  void digestLeavesRunningStateUsable() {
    Keccak256 k = new Keccak256().update("foo".getBytes(StandardCharsets.US_ASCII));
    byte[] first = k.digest();
    assertThat(k.digest()).isEqualTo(first);
    k.update("bar".getBytes(StandardCharsets.US_ASCII));
    assertThat(k.digest()).isEqualTo(Keccak256.hash("foobar".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void nonceAbsorptionMatchesByteWise() {
    byte[] prefix = new byte[277];
    for (int i = 0; i < prefix.length; i++) {
      prefix[i] = (byte) i;
    }
    Keccak256 base = new Keccak256().update(prefix);
    for (long nonce : new long[] {0, 13, 0x0102030405060708L, -1}) {
      byte[] n = new byte[8];
      for (int i = 0; i < 8; i++) {
        n[i] = (byte) (nonce >>> (56 - 8 * i));
      }
      byte[] expected = Keccak256.hash(prefix, n);
      Keccak256 scratch = new Keccak256(base).updateLongBE(nonce);
      assertThat(scratch.digest()).isEqualTo(expected);
      long first = new Keccak256(base).updateLongBE(nonce).finishFirstLongBE();
      assertThat(Long.numberOfLeadingZeros(first))
          .isEqualTo(Math.min(64, Keccak256.leadingZeroBits(expected, 0)));
    }
  }

  @Test
  void matchesBouncyCastleForAnyInputAndSplit() {
    RandomInputs.forEachCase(
        300,
        r -> {
          byte[] data = RandomInputs.bytes(r, 700);
          KeccakDigest bc = new KeccakDigest(256);
          bc.update(data, 0, data.length);
          byte[] expected = new byte[32];
          bc.doFinal(expected, 0);
          int split = r.nextInt(data.length + 1);
          Keccak256 k =
              new Keccak256().update(data, 0, split).update(data, split, data.length - split);
          assertThat(k.digest()).isEqualTo(expected);
        });
  }

  @Test
  void matchesBouncyCastleForMultiBlockInputsFedInRandomPieces() {
    // Exercises every absorb path: byte-wise lane completion, lane-wise block completion, whole
    // blocks straight into the permutation, lane and byte tails, and digests taken in between.
    RandomInputs.forEachCase(
        200,
        r -> {
          byte[] data = RandomInputs.bytes(r, 0, 5 * 136 + 17);
          KeccakDigest bc = new KeccakDigest(256);
          Keccak256 k = new Keccak256();
          int off = 0;
          while (off < data.length) {
            int piece =
                Math.min(data.length - off, r.nextBoolean() ? r.nextInt(9) : r.nextInt(400));
            if (piece == 1 && r.nextBoolean()) {
              k.update(data[off]);
            } else {
              k.update(data, off, piece);
            }
            bc.update(data, off, piece);
            off += piece;
            if (r.nextInt(4) == 0) {
              byte[] expected = new byte[32];
              new KeccakDigest(bc).doFinal(expected, 0);
              assertThat(k.digest()).isEqualTo(expected);
            }
          }
          byte[] expected = new byte[32];
          bc.doFinal(expected, 0);
          assertThat(k.digest()).isEqualTo(expected);
          assertThat(Keccak256.hash(data)).isEqualTo(expected);
        });
  }

  @Test
  void absorbsFromHeapAndDirectBuffers() {
    byte[] data = new byte[3 * 136 + 5];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31);
    }
    byte[] expected = Keccak256.hash(data);
    java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(data.length).put(data).flip();
    assertThat(new Keccak256().update(java.nio.ByteBuffer.wrap(data)).digest()).isEqualTo(expected);
    assertThat(new Keccak256().update(direct).digest()).isEqualTo(expected);
  }
}
