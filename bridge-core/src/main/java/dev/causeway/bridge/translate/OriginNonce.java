package dev.causeway.bridge.translate;

/**
 * The nonce range that marks a v1 envelope as built by a Causeway bridge from a v2-born message
 * (issue #5; a deviation from ARCHITECTURE.md §4, see the module README): such envelopes get the
 * smallest nonce meeting the PoW target searched upward from {@link #ORIGIN_NONCE_BASE} instead of
 * from 0, so their upper 32 bits are {@link #MARKER}. An envelope arriving from a v1 peer with the
 * marker is a v2 message already and is never bridged back to v2 ({@link SkipReason#V2_ORIGIN}).
 *
 * <p>Input assumptions: a nonce is an unsigned 64-bit value (Java {@code long}, the marked range is
 * in the upper half, i.e. negative longs). The search stays inside the marked range: at most {@link
 * #RANGE} nonces are tried from the base ({@link dev.causeway.bridge.pow.MiningPool}).
 *
 * <p>Why real v1 clients never produce a marked nonce: status-go ({@code Seal}) and nim-waku
 * ({@code minePow}) search nonces from 0 upward within a time budget (status-go's app: 5 s;
 * nim-waku's {@code postMessage} default: 1 s; spec v1-waku.md §5.3). The smallest marked nonce is
 * {@code 0xCA05E0A7_00000000} ≈ 1.46 × 10^19; even at 10^8 hashes per second (tens of times a CPU
 * core's Keccak rate) a client would have to hash for about 4,600 years to get there, while a 5 s
 * budget covers fewer than 2^29 nonces. A client drawing nonces at random would hit the range with
 * probability 2^-32 per envelope; its envelope would then reach v1 receivers but not v2.
 */
public final class OriginNonce {
  /** The upper 32 bits of every nonce the bridge mines for a v2-born message. */
  public static final int MARKER = 0xCA05_E0A7;

  /** The first nonce tried for a v2-born message: {@link #MARKER} followed by 32 zero bits. */
  public static final long ORIGIN_NONCE_BASE = 0xCA05_E0A7_0000_0000L;

  /** Nonces in the marked range (2^32): the most the miner may try from the base. */
  public static final long RANGE = 1L << 32;

  private OriginNonce() {}

  /** Whether {@code nonce} is in the marked range, i.e. its upper 32 bits are {@link #MARKER}. */
  public static boolean isV2Origin(long nonce) {
    return (int) (nonce >>> 32) == MARKER;
  }
}
