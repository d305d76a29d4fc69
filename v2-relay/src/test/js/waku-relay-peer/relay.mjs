#!/usr/bin/env node
// Interop test peer: an independent Waku v2 relay node, built the way @waku/sdk 0.0.27 builds one
// (js-waku's WakuNode with @waku/relay's wakuGossipSub under /vac/waku/relay/2.0.0, @waku/core's
// metadata protocol, identify and ping, on js-libp2p 1.9 with Noise and mplex; versions pinned in
// package.json / package-lock.json), which Causeway's Java integration tests start as a child
// process. The one thing taken over from the sdk rather than called is `createLibp2p`, so that the
// node can listen on TCP and WebSocket on 127.0.0.1 and relay non-shard topics too.
//
// Usage:
//   node relay.mjs --key <hex> [--cluster-id N] [--shard N]... [--pubsub-topic T]...
//                  [--content-topic T]... [--dial <multiaddr>]... [options]
// Options (all optional):
//   --cluster-id N             cluster of the --shard topics (default 1, js-waku's default)
//   --shard N                  relay /waku/2/rs/<cluster>/<N>; repeatable
//   --pubsub-topic T           relay topic T (e.g. /waku/2/default-waku/proto or /waku/2/rs/1/0);
//                              repeatable. With neither --shard nor --pubsub-topic the node relays
//                              js-waku's DefaultNetworkConfig: cluster 1, shards 0..8
//   --content-topic T          also subscribe a stock js-waku (version 0) decoder for T on every
//                              relayed topic: "decoded" events; repeatable
//   --dial <multiaddr>         dial this loopback address once started; repeatable
//   --transports L             tcp | ws | tcp,ws (default tcp,ws): what to listen on
//   --tcp-port N, --ws-port N  default 0 (ephemeral)
//   --no-listen                do not listen at all (dial only)
//   --muxer L                  mplex (default, as js-waku) | yamux | both (= mplex,yamux) | list
//   --agent S                  identify agentVersion (default js-waku, the sdk's)
//   --deadline-ms N            exit after N ms whatever happens (default 30000; env PEER_DEADLINE_MS)
//   --command-timeout-ms N     time limit of one stdin command (default 60000)
//   --no-connection-monitor    do not ping every connection every 10 s (js-libp2p 1.9 default)
//   --emit-self                deliver own publications as "message" events (gossipsub emitSelf)
// The key is a libp2p PrivateKey protobuf in hex (Ed25519 `08011240…` or secp256k1 `08021220…`),
// i.e. what dev.causeway.libp2p.crypto.PrivKey.marshal() returns; it may also come from env
// PEER_KEY. Only 127.0.0.1 is ever listened on or dialled: a connection gater refuses every
// other address (including addresses that a remote peer advertises in identify).
//
// stdout: one JSON object per line, always with an "event" field (see README.md in this folder).
// stdin: one command per line (see README.md). End of stdin also ends the process, so a dead
// parent never leaves this peer running.

import './polyfill.mjs';

import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, Server as HttpServer } from 'node:http';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { unmarshalPrivateKey } from '@libp2p/crypto/keys';
import { identify } from '@libp2p/identify';
import { mplex } from '@libp2p/mplex';
import { peerIdFromString } from '@libp2p/peer-id';
import { createFromPrivKey } from '@libp2p/peer-id-factory';
import { ping } from '@libp2p/ping';
import { tcp } from '@libp2p/tcp';
import { webSockets } from '@libp2p/websockets';
import * as wsFilters from '@libp2p/websockets/filters';
import { multiaddr } from '@multiformats/multiaddr';
import { createDecoder, createEncoder, MetadataCodec, wakuMetadata } from '@waku/core';
import { DefaultNetworkConfig } from '@waku/interfaces';
import { messageHash } from '@waku/message-hash';
import { proto_message as proto } from '@waku/proto';
import { wakuGossipSub } from '@waku/relay';
import { DefaultPingMaxInboundStreams, DefaultUserAgent, WakuNode } from '@waku/sdk';
import { decodeRelayShard, shardInfoToPubsubTopics } from '@waku/utils';
import { createLibp2p } from 'libp2p';
import {
  emit,
  errText,
  fail,
  finish,
  fromHex,
  parsePeerArgs,
  readCommands,
  stopOnFinish,
  toHex,
  uint as num,
} from '../../../../../common/src/test/js/fixture-io.mjs';

const versionOf = (pkg) =>
  JSON.parse(readFileSync(new URL(`./node_modules/${pkg}/package.json`, import.meta.url), 'utf8'))
    .version;
const VERSIONS = {
  sdk: versionOf('@waku/sdk'),
  relay: versionOf('@waku/relay'),
  core: versionOf('@waku/core'),
  gossipsub: versionOf('@chainsafe/libp2p-gossipsub'),
  libp2p: versionOf('libp2p'),
};
const LOOPBACK = '127.0.0.1';
const SHARD_TOPIC = /^\/waku\/2\/rs\/(\d+)\/(\d+)$/;
const MAX_BENCH = 1_000_000;

/** The js-waku node once created; finish() stops it. */
let waku = null;

// ---------------------------------------------------------------- bytes and time

/** Wall-clock time in milliseconds with sub-millisecond resolution (monotonic within the run). */
const nowMs = () => performance.timeOrigin + performance.now();

/** Wall-clock time in nanoseconds, as a WakuMessage timestamp. */
const nowNs = () => BigInt(Math.round(nowMs() * 1e6));

/** CPU time (user + system, ms) this process used since the process.cpuUsage() value `from`. */
function cpuMsSince(from) {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest();

/**
 * The message hash as nwaku and go-waku compute it (spec v2-message-relay-sharding.md §3): the
 * 8 big-endian timestamp bytes are always appended, also for an absent or zero timestamp, where
 * js-waku's messageHash leaves them out.
 */
function nwakuHash(pubsubTopic, m) {
  const ts = Buffer.alloc(8);
  ts.writeBigInt64BE(BigInt.asIntN(64, m.timestamp ?? 0n));
  return sha256(
    Buffer.concat([
      Buffer.from(pubsubTopic, 'utf8'),
      Buffer.from(m.payload),
      Buffer.from(m.contentTopic, 'utf8'),
      Buffer.from(m.meta ?? new Uint8Array(0)),
      ts,
    ]),
  );
}

/** The fields of a WakuMessage (as @waku/proto decodes it) for an event. */
function messageFields(pubsubTopic, m) {
  return {
    pubsubTopic,
    contentTopic: m.contentTopic,
    payload: toHex(m.payload),
    timestamp: m.timestamp === undefined ? null : m.timestamp.toString(),
    meta: m.meta === undefined ? null : toHex(m.meta),
    version: m.version ?? null,
    ephemeral: m.ephemeral ?? null,
    rateLimitProof: m.rateLimitProof !== undefined,
    hash: toHex(messageHash(pubsubTopic, m)),
    nwakuHash: toHex(nwakuHash(pubsubTopic, m)),
  };
}

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const opts = {
    clusterId: DefaultNetworkConfig.clusterId,
    shards: [],
    pubsubTopics: [],
    contentTopics: [],
    dials: [],
    muxers: ['mplex'],
    transports: ['tcp', 'ws'],
    listen: true,
    tcpPort: 0,
    wsPort: 0,
    agent: DefaultUserAgent,
    commandTimeoutMs: 60000,
    connectionMonitor: true,
    emitSelf: false,
  };
  parsePeerArgs(argv, opts, (a, next) => {
    switch (a) {
      case '--cluster-id':
        opts.clusterId = num(next(), '--cluster-id', 65535);
        break;
      case '--shard':
        opts.shards.push(num(next(), '--shard', 1023));
        break;
      case '--pubsub-topic': {
        const t = next();
        if (t === '') throw new Error('empty --pubsub-topic');
        opts.pubsubTopics.push(t);
        break;
      }
      case '--content-topic': {
        const t = next();
        if (t === '') throw new Error('empty --content-topic');
        opts.contentTopics.push(t);
        break;
      }
      case '--dial':
        opts.dials.push(next());
        break;
      case '--muxer': {
        const v = next();
        opts.muxers = v === 'both' ? ['mplex', 'yamux'] : v.split(',');
        if (opts.muxers.length === 0 || opts.muxers.some((m) => m !== 'yamux' && m !== 'mplex'))
          throw new Error(`bad --muxer ${v} (mplex | yamux | both | comma list)`);
        break;
      }
      case '--transports': {
        const v = next();
        opts.transports = v.split(',');
        if (opts.transports.length === 0 || opts.transports.some((t) => t !== 'tcp' && t !== 'ws'))
          throw new Error(`bad --transports ${v} (tcp | ws | tcp,ws)`);
        break;
      }
      case '--no-listen':
        opts.listen = false;
        break;
      case '--tcp-port':
        opts.tcpPort = num(next(), '--tcp-port', 65535);
        break;
      case '--ws-port':
        opts.wsPort = num(next(), '--ws-port', 65535);
        break;
      case '--agent':
        opts.agent = next();
        break;
      case '--command-timeout-ms':
        opts.commandTimeoutMs = num(next(), '--command-timeout-ms');
        break;
      case '--no-connection-monitor':
        opts.connectionMonitor = false;
        break;
      case '--emit-self':
        opts.emitSelf = true;
        break;
      default:
        throw new Error(`unknown argument ${a}`);
    }
  });
  for (const d of opts.dials) loopbackTarget(d);
  return opts;
}

/**
 * The topics to relay: the --shard topics of --cluster-id, then the --pubsub-topic ones, without
 * duplicates; js-waku's default network (cluster 1, shards 0..8) when none is given.
 */
function relayTopics(opts) {
  const topics =
    opts.shards.length === 0 && opts.pubsubTopics.length === 0
      ? shardInfoToPubsubTopics(DefaultNetworkConfig)
      : [
          ...opts.shards.map((s) => `/waku/2/rs/${opts.clusterId}/${s}`),
          ...opts.pubsubTopics,
        ];
  return [...new Set(topics)];
}

/** Parses a multiaddr to dial; anything not on 127.0.0.1 is refused. */
function loopbackTarget(text) {
  const ma = multiaddr(text);
  if (!isLoopback(ma)) throw new Error(`refusing to dial non-loopback address ${text}`);
  return ma;
}

function isLoopback(ma) {
  try {
    const o = ma.toOptions();
    return o.family === 4 && o.host === LOOPBACK;
  } catch {
    return false;
  }
}

/**
 * The HTTP server for the WebSocket listener. it-ws (under @libp2p/websockets 8.2.0) calls
 * `server.listen(port)` without the host of the listen multiaddr, which would bind every
 * interface; this server binds 127.0.0.1 whatever it is asked.
 */
function loopbackHttpServer() {
  const server = createHttpServer();
  server.listen = (port, ...rest) => HttpServer.prototype.listen.call(server, port, LOOPBACK, ...rest);
  return server;
}

// ---------------------------------------------------------------- connections and peers

const connLabel = (c) => ({
  id: c.id,
  peer: c.remotePeer.toString(),
  remoteAddr: c.remoteAddr.toString(),
  direction: c.direction,
});

function openConnection(peerText) {
  const peer = peerIdFromString(peerText);
  const conns = waku.libp2p.getConnections(peer).filter((c) => c.status === 'open');
  if (conns.length === 0) throw new Error(`no open connection to ${peerText}`);
  return conns[0];
}

/** {clusterId, shards} that the metadata protocol stored for a peer, or null. */
async function storedShardInfo(peerId) {
  try {
    const peer = await waku.libp2p.peerStore.get(peerId);
    const bytes = peer.metadata.get('shardInfo');
    return bytes === undefined ? null : decodeRelayShard(bytes);
  } catch {
    return null;
  }
}

async function peerInfo(peerId) {
  const id = peerId.toString();
  const gs = waku.relay.gossipSub;
  let protocols = [];
  try {
    protocols = (await waku.libp2p.peerStore.get(peerId)).protocols;
  } catch {
    // Not in the peer store (yet).
  }
  const topics = [];
  const mesh = [];
  for (const topic of waku.relay.pubsubTopics) {
    if (gs.getSubscribers(topic).some((p) => p.toString() === id)) topics.push(topic);
    if (gs.getMeshPeers(topic).includes(id)) mesh.push(topic);
  }
  return {
    peer: id,
    connections: waku.libp2p.getConnections(peerId).map((c) => ({
      ...connLabel(c),
      muxer: c.multiplexer ?? null,
      status: c.status,
    })),
    protocols,
    relayProtocol: gs.streamsOutbound.get(id)?.protocol ?? null,
    topics,
    mesh,
    score: gs.getScore(id),
    shardInfo: await storedShardInfo(peerId),
  };
}

// ---------------------------------------------------------------- bench bookkeeping

/** Per content topic: what arrived (see the bench-expect / bench-stats commands). */
const benchTopics = new Map();

function benchRecord(stats, m, hashHex) {
  const at = nowMs();
  stats.count++;
  if (stats.hashes.has(hashHex)) stats.duplicates++;
  stats.hashes.add(hashHex);
  if (stats.firstAt === null) {
    stats.firstAt = at;
    stats.cpuAtFirst = process.cpuUsage();
  }
  stats.cpuMs = cpuMsSince(stats.cpuAtFirst);
  stats.lastAt = at;
  if (m.timestamp !== undefined) {
    const sentMs = Number(m.timestamp) / 1e6;
    if (stats.firstSentMs === null || sentMs < stats.firstSentMs) stats.firstSentMs = sentMs;
    stats.latencies.push(at - sentMs);
  }
  if (stats.expected !== null && !stats.completed && stats.hashes.size >= stats.expected) {
    stats.completed = true;
    emit({ event: 'bench-complete', contentTopic: stats.contentTopic, ...benchSummary(stats) });
  }
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Number(sorted[Math.max(0, i)].toFixed(2));
}

function benchSummary(stats) {
  const sorted = Float64Array.from(stats.latencies).sort();
  const spanMs = stats.count === 0 ? null : stats.lastAt - (stats.firstSentMs ?? stats.firstAt);
  return {
    count: stats.count,
    distinct: stats.hashes.size,
    duplicates: stats.duplicates,
    spanMs: spanMs === null ? null : Math.round(spanMs),
    msgPerSec: spanMs ? Math.round((stats.hashes.size * 1000) / spanMs) : null,
    // Process CPU time from the first to the last message (all threads, user + system).
    cpuMs: stats.cpuMs === null ? null : Math.round(stats.cpuMs),
    latencyMs: {
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      max: percentile(sorted, 100),
    },
  };
}

// ---------------------------------------------------------------- commands

/**
 * An encoder for one publication. Without an explicit timestamp, version or meta it is js-waku's
 * stock version-0 encoder (createEncoder, timestamp = now in whole milliseconds). Otherwise it is
 * an encoder object of the same shape that fills the fields as given and encodes with js-waku's
 * own protobuf codec, since the stock one can set neither a nanosecond timestamp nor a version.
 */
function encoderFor(pubsubTopic, contentTopic, timestamp, meta, version) {
  if (timestamp === undefined && meta === undefined && version === undefined) {
    return createEncoder({ pubsubTopic, contentTopic });
  }
  const toProtoObj = async (message) => ({
    payload: message.payload,
    contentTopic,
    version: version ?? 0,
    timestamp: timestamp ?? nowNs(),
    meta,
    rateLimitProof: undefined,
    ephemeral: false,
  });
  return {
    pubsubTopic,
    contentTopic,
    ephemeral: false,
    toProtoObj,
    toWire: async (message) => proto.WakuMessage.encode(await toProtoObj(message)),
  };
}

/** Publishes through js-waku's Relay.send; returns {ok, fields, recipients} or {ok:false, error}. */
async function publish(encoder, payload) {
  const protoObj = await encoder.toProtoObj({ payload });
  const fields = messageFields(encoder.pubsubTopic, protoObj);
  // Relay.send encodes again: hand it the timestamp used above, so that the hashes agree.
  const sendEncoder = {
    ...encoder,
    toWire: async () => proto.WakuMessage.encode(protoObj),
    toProtoObj: async () => protoObj,
    pubsubTopic: encoder.pubsubTopic,
    contentTopic: encoder.contentTopic,
  };
  try {
    const result = await waku.relay.send(sendEncoder, { payload });
    if (result.failures.length > 0) {
      return { ok: false, ...fields, error: result.failures.map((f) => f.error).join(', ') };
    }
    return { ok: true, ...fields, recipients: result.successes.map((p) => p.toString()) };
  } catch (e) {
    return { ok: false, ...fields, error: errText(e) };
  }
}

const dash = (v) => (v === undefined || v === '-' ? undefined : v);

async function runCommand(opts, line) {
  const [verb, ...args] = line.split(/\s+/);
  const need = (n, usage) => {
    if (args.length < n) throw new Error(`usage: ${usage}`);
  };
  switch (verb) {
    case 'exit':
      finish('command', 0);
      return;
    case 'dial':
      need(1, 'dial <multiaddr>');
      await dial(args[0], line);
      return;
    case 'publish': {
      need(3, 'publish <pubsubTopic> <contentTopic> <payloadHex> [timestampNs|-] [metaHex|-] [version]');
      const [pubsubTopic, contentTopic, payloadHex] = args;
      const ts = dash(args[3]);
      const metaHex = dash(args[4]);
      const ver = dash(args[5]);
      if (ts !== undefined && !/^-?\d+$/.test(ts)) throw new Error(`bad timestamp ${ts}`);
      const timestamp = ts === undefined ? undefined : BigInt.asIntN(64, BigInt(ts));
      const meta = metaHex === undefined ? undefined : fromHex(metaHex, 'meta');
      const version = ver === undefined ? undefined : Number(ver);
      if (version !== undefined && (!Number.isInteger(version) || version < 0 || version > 0xffffffff))
        throw new Error(`bad version ${ver}`);
      const encoder = encoderFor(pubsubTopic, contentTopic, timestamp, meta, version);
      const result = await publish(encoder, fromHex(payloadHex, 'payload'));
      emit({ event: 'published', command: line, ...result });
      return;
    }
    case 'peers': {
      const ids = [...new Set(waku.libp2p.getConnections().map((c) => c.remotePeer.toString()))];
      const peers = await Promise.all(ids.map((id) => peerInfo(peerIdFromString(id))));
      emit({ event: 'peers', command: line, peers });
      return;
    }
    case 'mesh': {
      need(1, 'mesh <pubsubTopic>');
      const gs = waku.relay.gossipSub;
      emit({
        event: 'mesh',
        command: line,
        pubsubTopic: args[0],
        mesh: gs.getMeshPeers(args[0]),
        subscribers: gs.getSubscribers(args[0]).map((p) => p.toString()),
      });
      return;
    }
    case 'metadata': {
      need(1, 'metadata <peerId>');
      const conn = openConnection(args[0]);
      const metadata = waku.libp2p.services.metadata;
      if (metadata === undefined) throw new Error('metadata protocol not mounted (no shard topic)');
      const r = await withTimeout(metadata.query(conn.remotePeer), opts.commandTimeoutMs, 'metadata');
      emit(
        r.error
          ? { event: 'metadata', command: line, peer: args[0], ok: false, error: String(r.error) }
          : {
              event: 'metadata',
              command: line,
              peer: args[0],
              ok: true,
              clusterId: r.shardInfo.clusterId ?? null,
              shards: r.shardInfo.shards ?? [],
            },
      );
      return;
    }
    case 'ping': {
      need(1, 'ping <peerId>');
      const conn = openConnection(args[0]);
      try {
        const rtt = await waku.libp2p.services.ping.ping(conn.remotePeer, {
          signal: AbortSignal.timeout(opts.commandTimeoutMs),
        });
        emit({ event: 'ping', command: line, peer: args[0], ok: true, rtt });
      } catch (e) {
        emit({ event: 'ping', command: line, peer: args[0], ok: false, error: errText(e) });
      }
      return;
    }
    case 'hangup': {
      need(1, 'hangup <peerId>');
      await waku.libp2p.hangUp(peerIdFromString(args[0]));
      emit({ event: 'hangup-done', command: line, peer: args[0] });
      return;
    }
    case 'bench': {
      need(4, 'bench <pubsubTopic> <contentTopic> <count> <payloadBytes> [perSecond]');
      const [pubsubTopic, contentTopic] = args;
      const count = Number(args[2]);
      const size = Number(args[3]);
      const rate = Number(args[4] ?? 0);
      if (!Number.isInteger(count) || count < 1 || count > MAX_BENCH) throw new Error(`bad count ${args[2]}`);
      if (!Number.isInteger(size) || size < 8 || size > 1 << 20) throw new Error(`bad payloadBytes ${args[3]}`);
      if (!Number.isFinite(rate) || rate < 0) throw new Error(`bad perSecond ${args[4]}`);
      await bench(line, pubsubTopic, contentTopic, count, size, rate);
      return;
    }
    case 'bench-expect': {
      need(1, 'bench-expect <contentTopic> [count]');
      const expected = args[1] === undefined ? null : Number(args[1]);
      if (expected !== null && (!Number.isInteger(expected) || expected < 1 || expected > MAX_BENCH))
        throw new Error(`bad count ${args[1]}`);
      benchTopics.set(args[0], {
        contentTopic: args[0],
        expected,
        completed: false,
        count: 0,
        duplicates: 0,
        hashes: new Set(),
        firstAt: null,
        lastAt: null,
        firstSentMs: null,
        cpuAtFirst: null,
        cpuMs: null,
        latencies: [],
      });
      emit({ event: 'bench-expect', command: line, contentTopic: args[0], expected });
      return;
    }
    case 'bench-stats': {
      need(1, 'bench-stats <contentTopic>');
      const stats = benchTopics.get(args[0]);
      if (stats === undefined) throw new Error(`no bench-expect for ${args[0]}`);
      emit({ event: 'bench-stats', command: line, contentTopic: args[0], ...benchSummary(stats) });
      return;
    }
    default:
      throw new Error(`unknown command ${verb}`);
  }
}

/**
 * Publishes `count` messages of `size` bytes (8-byte sequence number, then random bytes; each
 * with timestamp = now in ns) through Relay.send, as fast as possible (rate 0) or at `rate` per
 * second, yielding to the event loop after each so that socket writes interleave.
 */
async function bench(command, pubsubTopic, contentTopic, count, size, rate) {
  const filler = randomBytes(size);
  const cpu0 = process.cpuUsage();
  const start = nowMs();
  let ok = 0;
  const errors = new Map();
  for (let i = 0; i < count; i++) {
    if (rate > 0) {
      const due = start + (i * 1000) / rate;
      const wait = due - nowMs();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    const payload = Buffer.from(filler);
    payload.writeBigUInt64BE(BigInt(i), 0);
    const protoObj = {
      payload,
      contentTopic,
      version: 0,
      timestamp: nowNs(),
      meta: undefined,
      rateLimitProof: undefined,
      ephemeral: false,
    };
    const encoder = {
      pubsubTopic,
      contentTopic,
      ephemeral: false,
      toProtoObj: async () => protoObj,
      toWire: async () => proto.WakuMessage.encode(protoObj),
    };
    try {
      const r = await waku.relay.send(encoder, { payload });
      if (r.failures.length === 0) ok++;
      else r.failures.forEach((f) => errors.set(String(f.error), (errors.get(String(f.error)) ?? 0) + 1));
    } catch (e) {
      const t = errText(e);
      errors.set(t, (errors.get(t) ?? 0) + 1);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  const ms = nowMs() - start;
  const cpuMs = cpuMsSince(cpu0);
  emit({
    event: 'bench-published',
    command,
    pubsubTopic,
    contentTopic,
    count,
    payloadBytes: size,
    ok: ok === count,
    published: ok,
    failed: count - ok,
    errors: Object.fromEntries(errors),
    ms: Math.round(ms),
    msgPerSec: Math.round((ok * 1000) / Math.max(ms, 0.001)),
    cpuMs: Math.round(cpuMs),
    msgPerCpuSec: Math.round((ok * 1000) / Math.max(cpuMs, 0.001)),
  });
}

async function dial(text, command) {
  const ma = loopbackTarget(text);
  emit({ event: 'dialing', peerId: waku.libp2p.peerId.toString(), target: ma.toString(), command });
  try {
    const conn = await waku.libp2p.dial(ma);
    emit({ event: 'dialed', command, ok: true, ...connLabel(conn), muxer: conn.multiplexer });
  } catch (e) {
    emit({ event: 'dialed', command, ok: false, target: ma.toString(), error: errText(e) });
  }
}

/** Rejects after ms with a timeout error. */
function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------- main

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    fail(e.message);
    return;
  }
  setTimeout(() => finish('deadline', 0), opts.deadlineMs);

  let peerId;
  try {
    const privateKey = await unmarshalPrivateKey(fromHex(opts.key, 'key'));
    peerId = await createFromPrivKey(privateKey);
  } catch (e) {
    fail(`bad private key: ${errText(e)}`);
    return;
  }

  const pubsubTopics = relayTopics(opts);
  // @waku/core's metadata protocol describes the node by cluster and shard list, so it can only
  // carry the static-shard topics, all of one cluster; a node without any is served no metadata.
  const shardTopics = pubsubTopics.filter((t) => SHARD_TOPIC.test(t));
  const clusters = new Set(shardTopics.map((t) => SHARD_TOPIC.exec(t)[1]));
  if (clusters.size > 1) {
    fail(`shard topics of several clusters (${[...clusters]}): js-waku's metadata cannot say that`);
    return;
  }

  const listen = [];
  if (opts.listen) {
    if (opts.transports.includes('tcp')) listen.push(`/ip4/${LOOPBACK}/tcp/${opts.tcpPort}`);
    if (opts.transports.includes('ws')) listen.push(`/ip4/${LOOPBACK}/tcp/${opts.wsPort}/ws`);
  }
  const muxerFactories = { yamux: () => yamux(), mplex: () => mplex() };

  // What @waku/sdk 0.0.27's createRelayNode does (create/libp2p.js defaultLibp2p, then WakuNode):
  // identify with agent "js-waku", ping with 10 inbound streams, metadata, wakuGossipSub as the
  // pubsub service; libp2p starts at creation, so the Relay subscribes its topics when built.
  let libp2p;
  try {
    libp2p = await createLibp2p({
      peerId,
      addresses: { listen },
      // Both transports are always available for dialing; "all" lets plain ws:// through.
      transports: [tcp(), webSockets({ filter: wsFilters.all, server: loopbackHttpServer() })],
      connectionEncryption: [noise()],
      streamMuxers: opts.muxers.map((m) => muxerFactories[m]()),
      connectionManager: {
        minConnections: 0, // no auto-dial: this node dials only when told to
      },
      connectionGater: {
        denyDialMultiaddr: async (ma) => !isLoopback(ma),
      },
      connectionMonitor: { enabled: opts.connectionMonitor },
      services: {
        identify: identify({ agentVersion: opts.agent }),
        ping: ping({ maxInboundStreams: DefaultPingMaxInboundStreams }),
        ...(shardTopics.length > 0 ? { metadata: wakuMetadata(shardTopics) } : {}),
        pubsub: wakuGossipSub({ emitSelf: opts.emitSelf }),
      },
    });
  } catch (e) {
    fail(`createLibp2p: ${errText(e)}`);
    return;
  }
  try {
    waku = new WakuNode(pubsubTopics, {}, libp2p, { relay: true });
    stopOnFinish(() => waku.stop());
  } catch (e) {
    fail(`WakuNode: ${errText(e)}`);
    return;
  }
  const gossipSub = waku.relay.gossipSub;

  libp2p.addEventListener('connection:open', ({ detail: c }) => {
    emit({
      event: 'connection:open',
      ...connLabel(c),
      muxer: c.multiplexer,
      encryption: c.encryption,
      transient: c.transient,
    });
  });
  libp2p.addEventListener('connection:close', ({ detail: c }) => {
    emit({ event: 'connection:close', ...connLabel(c) });
  });
  libp2p.addEventListener('peer:identify', ({ detail: r }) => {
    emit({
      event: 'identify',
      peer: r.peerId.toString(),
      connection: r.connection?.id,
      protocolVersion: r.protocolVersion ?? null,
      agentVersion: r.agentVersion ?? null,
      publicKey: r.publicKey === undefined ? null : toHex(r.publicKey),
      protocols: r.protocols,
      listenAddrs: r.listenAddrs.map((a) => a.toString()),
    });
  });
  // The metadata protocol stores what a peer reported (as requester or responder) in the peer
  // store: report each change.
  const knownShardInfo = new Map();
  libp2p.addEventListener('peer:update', ({ detail: { peer } }) => {
    const bytes = peer.metadata.get('shardInfo');
    if (bytes === undefined) return;
    const hex = toHex(bytes);
    const id = peer.id.toString();
    if (knownShardInfo.get(id) === hex) return;
    knownShardInfo.set(id, hex);
    let info;
    try {
      info = decodeRelayShard(bytes);
    } catch (e) {
      emit({ event: 'shard-info', peer: id, raw: hex, error: errText(e) });
      return;
    }
    emit({ event: 'shard-info', peer: id, clusterId: info.clusterId, shards: info.shards, raw: hex });
  });

  gossipSub.addEventListener('subscription-change', ({ detail: { peerId: p, subscriptions } }) => {
    emit({
      event: 'subscription-change',
      peer: p.toString(),
      subscriptions: subscriptions.map((s) => ({ topic: s.topic, subscribe: s.subscribe })),
    });
  });
  gossipSub.addEventListener('gossipsub:graft', ({ detail: { peerId: p, topic, direction } }) => {
    emit({ event: 'graft', peer: p, topic, direction });
  });
  gossipSub.addEventListener('gossipsub:prune', ({ detail: { peerId: p, topic, direction } }) => {
    emit({ event: 'prune', peer: p, topic, direction });
  });
  // Every message gossipsub accepted on a relayed topic (what js-waku's Relay hands its decoders),
  // whatever its content topic and version.
  gossipSub.addEventListener('gossipsub:message', ({ detail: { propagationSource, msg } }) => {
    let m;
    try {
      m = proto.WakuMessage.decode(msg.data);
    } catch (e) {
      emit({ event: 'error', message: `undecodable relayed message: ${errText(e)}` });
      return;
    }
    const hash = toHex(messageHash(msg.topic, m));
    const stats = benchTopics.get(m.contentTopic);
    if (stats !== undefined) {
      benchRecord(stats, m, hash);
      return;
    }
    emit({
      event: 'message',
      ...messageFields(msg.topic, m),
      from: propagationSource.toString(),
      msgId: toHex(sha256(msg.data)),
      bytes: msg.data.length,
    });
  });
  // Report what js-waku's validator turns away (the Relay installed one per topic).
  for (const [topic, validator] of gossipSub.topicValidators) {
    gossipSub.topicValidators.set(topic, async (from, msg) => {
      const result = await validator(from, msg);
      if (result !== 'accept') {
        emit({ event: 'invalid', peer: from.toString(), topic, result, bytes: msg.data.length });
      }
      return result;
    });
  }
  // What a js-waku application would get: stock version-0 decoders per content topic.
  for (const contentTopic of opts.contentTopics) {
    const decoders = pubsubTopics.map((pubsubTopic) => createDecoder(contentTopic, pubsubTopic));
    waku.relay.subscribe(decoders, (msg) => {
      emit({
        event: 'decoded',
        pubsubTopic: msg.pubsubTopic,
        contentTopic: msg.contentTopic,
        payload: toHex(msg.payload),
        timestamp: msg.proto.timestamp === undefined ? null : msg.proto.timestamp.toString(),
        version: msg.version,
        hash: toHex(messageHash(msg.pubsubTopic, msg.proto)),
      });
    });
  }

  const addrs = libp2p.getMultiaddrs().map((a) => a.toString());
  emit({
    event: 'listening',
    peerId: libp2p.peerId.toString(),
    publicKey: toHex(libp2p.peerId.publicKey),
    addrs,
    tcp: addrs.find((a) => !a.includes('/ws/')) ?? null,
    ws: addrs.find((a) => a.includes('/ws/')) ?? null,
    muxers: opts.muxers,
    agentVersion: opts.agent,
    protocols: libp2p.getProtocols(),
    relayProtocols: gossipSub.multicodecs,
    pubsubTopics,
    contentTopics: opts.contentTopics,
    metadata: shardTopics.length > 0 ? MetadataCodec : null,
    clusterId: clusters.size === 1 ? Number([...clusters][0]) : null,
    shards: shardTopics.map((t) => Number(SHARD_TOPIC.exec(t)[2])),
    versions: VERSIONS,
  });

  for (const target of opts.dials) void dial(target, null);

  readCommands((line) => runCommand(opts, line));
}

process.on('unhandledRejection', (e) => emit({ event: 'error', unhandled: true, message: errText(e) }));

main().catch((e) => fail(errText(e)));
