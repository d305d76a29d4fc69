package dev.causeway.v1.rlpx.framing;

import dev.causeway.common.crypto.Keccak256;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A deliberately plain, allocation-happy egress framer written line by line from spec
 * v1-rlpx-devp2p.md §5.1–§5.3, independent of {@link FrameCodec}. Tests use it as a second opinion
 * and to build frames FrameCodec would never send (odd header-data, any frame-size field).
 */
final class SpecFrameWriter {
  private final Cipher ctr;
  private final Cipher ecb;
  private final Keccak256 egress;

  SpecFrameWriter(byte[] aesSecret, byte[] macSecret, Keccak256 egressMac) {
    try {
      ctr = Cipher.getInstance("AES/CTR/NoPadding");
      ctr.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(aesSecret, "AES"),
          new IvParameterSpec(new byte[16]));
      ecb = Cipher.getInstance("AES/ECB/NoPadding");
      ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(macSecret, "AES"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    egress = new Keccak256(egressMac);
  }

  /** A frame with the standard header (frame-size || c2 80 80 || zeros). */
  byte[] frame(byte[] frameData) {
    byte[] header = new byte[16];
    header[0] = (byte) (frameData.length >>> 16);
    header[1] = (byte) (frameData.length >>> 8);
    header[2] = (byte) frameData.length;
    header[3] = (byte) 0xc2;
    header[4] = (byte) 0x80;
    header[5] = (byte) 0x80;
    return frame(header, frameData);
  }

  /** A frame with the given 16-byte plaintext header (its size field is not checked). */
  byte[] frame(byte[] headerPlain, byte[] frameData) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] headerCt = ctr.update(headerPlain);
    out.writeBytes(headerCt);
    // header-mac: seed = aesEcb(egress.digest()[:16]) ^ header-ciphertext
    byte[] seed = xor(aesEcb(first16(egress.digest())), headerCt);
    egress.update(seed);
    out.writeBytes(first16(egress.digest()));
    // body: padded frame-data, encrypted by the continuing keystream
    int padded = (frameData.length + 15) / 16 * 16;
    byte[] frameCt = ctr.update(Arrays.copyOf(frameData, padded));
    if (frameCt == null) {
      frameCt = new byte[0];
    }
    out.writeBytes(frameCt);
    egress.update(frameCt);
    byte[] fmacSeed = first16(egress.digest());
    egress.update(xor(aesEcb(fmacSeed), fmacSeed));
    out.writeBytes(first16(egress.digest()));
    return out.toByteArray();
  }

  private byte[] aesEcb(byte[] block) {
    try {
      return ecb.doFinal(block);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] first16(byte[] digest) {
    return Arrays.copyOf(digest, 16);
  }

  private static byte[] xor(byte[] a, byte[] b) {
    byte[] r = new byte[16];
    for (int i = 0; i < 16; i++) {
      r[i] = (byte) (a[i] ^ b[i]);
    }
    return r;
  }
}
