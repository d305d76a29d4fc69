package dev.causeway.ops.cli;

import dev.causeway.common.crypto.Secp256k1;
import dev.causeway.common.hex.Hex;
import dev.causeway.common.payload.DecodedPayload;
import dev.causeway.common.payload.PayloadCodec;
import dev.causeway.common.payload.PayloadException;
import dev.causeway.common.payload.SymmetricKeys;
import dev.causeway.v1.waku.envelope.Envelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The keys a command tries on every envelope it sees: symmetric keys (raw or from passwords, as
 * Status derives them) and private keys for asymmetric payloads ({@code payload-encryption.md} §6:
 * the type is not marked, so each key is tried).
 */
public final class KeyRing {
  private final List<byte[]> symKeys = new ArrayList<>();
  private final List<Secp256k1.KeyPair> privateKeys = new ArrayList<>();

  public KeyRing addSymKeyHex(String hex) {
    symKeys.add(Hex.decode(hex));
    return this;
  }

  public KeyRing addPassword(String password) {
    symKeys.add(SymmetricKeys.fromPassword(password));
    return this;
  }

  public KeyRing addPrivateKey(Secp256k1.KeyPair key) {
    privateKeys.add(key);
    return this;
  }

  public boolean isEmpty() {
    return symKeys.isEmpty() && privateKeys.isEmpty();
  }

  /** The decrypted message as JSON fields, or null when no key opens it. */
  public Map<String, Object> open(Envelope e) {
    byte[] data = e.data();
    for (byte[] k : symKeys) {
      try {
        return describe(e, PayloadCodec.decryptSymmetric(data, k), "symmetric");
      } catch (PayloadException notThisKey) {
        // try the next key
      }
    }
    for (Secp256k1.KeyPair k : privateKeys) {
      try {
        return describe(e, PayloadCodec.decryptAsymmetric(data, k), "asymmetric");
      } catch (PayloadException notThisKey) {
        // try the next key
      }
    }
    return null;
  }

  private static Map<String, Object> describe(Envelope e, DecodedPayload p, String encryption) {
    Map<String, Object> m = JsonLines.object("message");
    m.put("hash", e.hash().toHex());
    m.put("topic", "0x" + e.topic().toHex());
    m.put("encryption", encryption);
    byte[] payload = p.payload();
    String text = Utf8.decodeOrNull(payload);
    if (text != null) {
      m.put("text", text);
    } else {
      m.put("payloadHex", Hex.encode(payload));
    }
    m.put("signer", p.signerPublicKey() == null ? null : Hex.encode(p.signerPublicKey()));
    return m;
  }
}
