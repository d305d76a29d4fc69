/**
 * The devp2p host ({@code v1-rlpx-devp2p.md} §2, §7.6): {@link
 * dev.causeway.v1.rlpx.host.Devp2pHost} listens and dials over Netty, keeps static peers connected
 * with reconnect backoff, enforces peer limits (total, per IP, one session per node id) and shuts
 * down telling peers CLIENT_QUITTING; {@link dev.causeway.v1.rlpx.host.Devp2pConfig} holds its
 * settings and timeouts and {@link dev.causeway.v1.rlpx.host.Devp2pMetrics} its counters. The
 * per-connection pipeline itself is in {@code dev.causeway.v1.rlpx.netty}.
 */
package dev.causeway.v1.rlpx.host;
