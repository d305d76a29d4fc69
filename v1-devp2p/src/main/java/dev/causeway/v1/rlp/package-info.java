/**
 * Canonical RLP: {@link dev.causeway.v1.rlp.RlpReader} (strict, bounds-checked decoding) and {@link
 * dev.causeway.v1.rlp.RlpWriter}/{@link dev.causeway.v1.rlp.Rlp} (encoding).
 */
package dev.causeway.v1.rlp;
