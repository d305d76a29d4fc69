/**
 * RLPx and the devp2p base protocol ({@code spec/v1-rlpx-devp2p.md}): enode URLs and the contract
 * between a connection and the sub-protocols (such as {@code waku/1}) it carries.
 */
package dev.causeway.v1.rlpx;
