/**
 * The 26/WAKU-PAYLOAD format shared by Waku v1 envelope {@code data} and Waku v2 version-1 message
 * payloads: the plaintext layout with padding and optional signature ({@link
 * dev.causeway.common.payload.WakuPayload}), AES-256-GCM symmetric and ECIES asymmetric encryption
 * ({@link dev.causeway.common.payload.SymmetricCipher}, {@link
 * dev.causeway.common.payload.PayloadCodec}), password-derived keys and Status topics. Everything
 * is pure (no I/O); randomness is injected. The bridge itself never needs this package to forward
 * traffic, only to create or interpret it. See {@code spec/payload-encryption.md}.
 */
package dev.causeway.common.payload;
