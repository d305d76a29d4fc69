#!/usr/bin/env node
// Interop test peer: an independent libp2p implementation (js-libp2p 1.9 with Noise, yamux/mplex,
// TCP/WebSocket, identify, ping; versions pinned in package.json / package-lock.json) that
// Causeway's Java integration tests start as a child process.
//
// Usage:
//   node peer.mjs --key <hex> listen [--transports tcp,ws] [--tcp-port 0] [--ws-port 0]
//   node peer.mjs --key <hex> dial <multiaddr on 127.0.0.1 with /p2p/<id>>
// Options (all optional):
//   --muxer L                  yamux | mplex | both (= yamux,mplex) | a comma list in preference
//                              order (default both)
//   --deadline-ms N            exit after N ms whatever happens (default 30000; env PEER_DEADLINE_MS)
//   --agent S                  identify agentVersion (default causeway-interop-js-libp2p/<version>)
//   --command-timeout-ms N     time limit of one stdin command (default 60000)
//   --no-connection-monitor    do not ping every connection every 10 s (js-libp2p 1.9 default)
//   --inbound-upgrade-timeout-ms N, --dial-timeout-ms N   js-libp2p defaults: 2000 and 5000
//   --inbound-threshold N      inbound connections per second per host (js-libp2p default 5)
// The key is a libp2p PrivateKey protobuf in hex (Ed25519 `08011240…` or secp256k1 `08021220…`),
// i.e. what dev.causeway.libp2p.crypto.PrivKey.marshal() returns; it may also come from env
// PEER_KEY. Only 127.0.0.1 is ever listened on or dialled: a connection gater refuses every
// other address (including addresses that a remote peer advertises in identify).
//
// stdout: one JSON object per line, always with an "event" field (see README.md in this folder).
// stdin: one command per line (see README.md). End of stdin also ends the process, so a dead
// parent never leaves this peer running.

import './polyfill.mjs';

import { createCipheriv, createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, Server as HttpServer } from 'node:http';
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { unmarshalPrivateKey } from '@libp2p/crypto/keys';
import { identify, identifyPush } from '@libp2p/identify';
import { mplex } from '@libp2p/mplex';
import { peerIdFromString } from '@libp2p/peer-id';
import { createFromPrivKey } from '@libp2p/peer-id-factory';
import { ping } from '@libp2p/ping';
import { tcp } from '@libp2p/tcp';
import { webSockets } from '@libp2p/websockets';
import * as wsFilters from '@libp2p/websockets/filters';
import { multiaddr } from '@multiformats/multiaddr';
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

const LIBP2P_VERSION = JSON.parse(
  readFileSync(new URL('./node_modules/libp2p/package.json', import.meta.url), 'utf8'),
).version;
const LOOPBACK = '127.0.0.1';

const ECHO_PROTOCOL = '/causeway/echo/1.0.0';
const BENCH_PROTOCOL = '/causeway/bench/1.0.0';
const BENCH_UPLOAD = 0x01; // initiator sends N bytes, responder answers with the count received
const BENCH_DOWNLOAD = 0x02; // responder sends N bytes
const BENCH_HEADER = 9; // mode byte + uint64 big-endian N
const CHUNK = 64 * 1024; // write size for echo and bench data
const MAX_STREAMS = 1024; // per protocol, per connection, each direction (echo and bench)
const MiB = 1024 * 1024;

/** The js-libp2p node once created; finish() stops it. */
let node = null;

// ---------------------------------------------------------------- bytes

/**
 * The deterministic pseudo-random bytes of echo stream `index`: the AES-128-CTR keystream under
 * key = first 16 bytes of SHA-256("causeway-echo/" + index) with an all-zero initial counter block.
 * Returns a function giving the next n bytes each call.
 */
function echoData(index) {
  const key = createHash('sha256').update(`causeway-echo/${index}`).digest().subarray(0, 16);
  const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  let zeros = Buffer.alloc(CHUNK);
  return (n) => {
    if (zeros.length < n) zeros = Buffer.alloc(n);
    return cipher.update(zeros.subarray(0, n));
  };
}

/** A byte reader over a libp2p stream source (async iterable of Uint8Array / Uint8ArrayList). */
function reader(source) {
  const it = source[Symbol.asyncIterator]();
  let pending = Buffer.alloc(0);
  return {
    /** Exactly n bytes, or null if the source ends first. */
    async readExactly(n) {
      while (pending.length < n) {
        const { value, done } = await it.next();
        if (done) return null;
        pending = Buffer.concat([pending, Buffer.from(value.subarray())]);
      }
      const out = pending.subarray(0, n);
      pending = pending.subarray(n);
      return out;
    },
    /** Calls onChunk(buffer) for the buffered rest and every later chunk until the source ends. */
    async drain(onChunk) {
      if (pending.length > 0) {
        onChunk(pending);
        pending = Buffer.alloc(0);
      }
      for (;;) {
        const { value, done } = await it.next();
        if (done) return;
        onChunk(Buffer.from(value.subarray()));
      }
    },
  };
}

/** Yields `total` bytes in CHUNK-sized pieces produced by next(n). */
async function* produce(total, next) {
  for (let sent = 0; sent < total; ) {
    const n = Math.min(CHUNK, total - sent);
    yield next(n);
    sent += n;
  }
}

function u64(n) {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

const mibPerSec = (bytes, ms) => Number((bytes / MiB / (Math.max(ms, 0.001) / 1000)).toFixed(2));

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const opts = {
    muxers: ['yamux', 'mplex'],
    transports: ['tcp', 'ws'],
    tcpPort: 0,
    wsPort: 0,
    agent: `causeway-interop-js-libp2p/${LIBP2P_VERSION}`,
    commandTimeoutMs: 60000,
    connectionMonitor: true,
    inboundUpgradeTimeoutMs: undefined,
    dialTimeoutMs: undefined,
    inboundThreshold: undefined,
    mode: null,
    target: null,
  };
  parsePeerArgs(argv, opts, (a, next) => {
    switch (a) {
      case '--muxer': {
        const v = next();
        opts.muxers = v === 'both' ? ['yamux', 'mplex'] : v.split(',');
        if (opts.muxers.length === 0 || opts.muxers.some((m) => m !== 'yamux' && m !== 'mplex'))
          throw new Error(`bad --muxer ${v} (yamux | mplex | both | comma list)`);
        break;
      }
      case '--transports': {
        const v = next();
        opts.transports = v.split(',');
        if (opts.transports.length === 0 || opts.transports.some((t) => t !== 'tcp' && t !== 'ws'))
          throw new Error(`bad --transports ${v} (tcp | ws | tcp,ws)`);
        break;
      }
      case '--tcp-port':
        opts.tcpPort = num(next(), '--tcp-port');
        break;
      case '--ws-port':
        opts.wsPort = num(next(), '--ws-port');
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
      case '--inbound-upgrade-timeout-ms':
        opts.inboundUpgradeTimeoutMs = num(next(), '--inbound-upgrade-timeout-ms');
        break;
      case '--dial-timeout-ms':
        opts.dialTimeoutMs = num(next(), '--dial-timeout-ms');
        break;
      case '--inbound-threshold':
        opts.inboundThreshold = num(next(), '--inbound-threshold');
        break;
      case 'listen':
        opts.mode = 'listen';
        break;
      case 'dial':
        opts.mode = 'dial';
        opts.target = next();
        break;
      default:
        throw new Error(`unknown argument ${a}`);
    }
  });
  if (opts.mode === null) throw new Error('mode "listen" or "dial <multiaddr>" required');
  if (opts.tcpPort > 65535 || opts.wsPort > 65535) throw new Error('bad port');
  return opts;
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

// ---------------------------------------------------------------- connections

const connLabel = (c) => ({
  id: c.id,
  peer: c.remotePeer.toString(),
  remoteAddr: c.remoteAddr.toString(),
  direction: c.direction,
});

function openConnection(peerText) {
  const peer = peerIdFromString(peerText);
  const conns = node.getConnections(peer).filter((c) => c.status === 'open');
  if (conns.length === 0) throw new Error(`no open connection to ${peerText}`);
  return conns[0];
}

/** Rejects after ms with a timeout error, calling onTimeout first. */
function withTimeout(promise, ms, what, onTimeout = () => {}) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Error(`${what} timed out after ${ms} ms`));
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
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

// ---------------------------------------------------------------- protocol handlers

/** /causeway/echo/1.0.0: echo every byte until the remote closes its write side, then close. */
function handleEcho({ stream, connection }) {
  const start = performance.now();
  let bytes = 0;
  const counted = (async function* () {
    for await (const chunk of stream.source) {
      bytes += chunk.byteLength;
      yield chunk;
    }
  })();
  stream
    .sink(counted)
    .then(() => {
      emit({
        event: 'echo-served',
        peer: connection.remotePeer.toString(),
        stream: stream.id,
        bytes,
        ms: Math.round(performance.now() - start),
      });
    })
    .catch((e) => {
      emit({
        event: 'error',
        protocol: ECHO_PROTOCOL,
        peer: connection.remotePeer.toString(),
        message: errText(e),
        bytes,
      });
      stream.abort(e);
    });
}

/**
 * /causeway/bench/1.0.0: the initiator writes a 9-byte header, mode (1 byte) and N (uint64 BE).
 * Mode 1 (upload): the initiator then writes N bytes and closes its write side; the responder reads
 * to the end and answers with the number of bytes it received (uint64 BE), then closes. Mode 2
 * (download): the responder writes N bytes and closes; the initiator reads to the end.
 */
async function handleBench({ stream, connection }) {
  const peer = connection.remotePeer.toString();
  try {
    const r = reader(stream.source);
    const header = await r.readExactly(BENCH_HEADER);
    if (header === null) throw new Error('stream ended inside the bench header');
    const mode = header[0];
    const n = Number(header.readBigUInt64BE(1));
    if (mode === BENCH_UPLOAD) {
      const start = performance.now();
      let received = 0;
      await r.drain((b) => {
        received += b.length;
      });
      const ms = performance.now() - start;
      await stream.sink([u64(received)]);
      emit({
        event: 'bench-served',
        peer,
        mode: 'upload',
        expected: n,
        bytes: received,
        ms: Math.round(ms),
        mibPerSec: mibPerSec(received, ms),
      });
    } else if (mode === BENCH_DOWNLOAD) {
      const block = benchBlock();
      const start = performance.now();
      await stream.sink(produce(n, (k) => block.subarray(0, k)));
      const ms = performance.now() - start;
      emit({ event: 'bench-served', peer, mode: 'download', bytes: n, ms: Math.round(ms) });
    } else {
      throw new Error(`unknown bench mode ${mode}`);
    }
  } catch (e) {
    emit({ event: 'error', protocol: BENCH_PROTOCOL, peer, message: errText(e) });
    stream.abort(e);
  }
}

let benchBlockCache = null;
function benchBlock() {
  if (benchBlockCache === null) benchBlockCache = echoData('bench')(CHUNK);
  return benchBlockCache;
}

// ---------------------------------------------------------------- commands

async function runCommand(opts, line) {
  const [verb, ...args] = line.split(/\s+/);
  const need = (n, usage) => {
    if (args.length < n) throw new Error(`usage: ${usage}`);
  };
  switch (verb) {
    case 'exit':
      finish('command', 0);
      return;
    case 'dial': {
      need(1, 'dial <multiaddr>');
      await dial(args[0], line);
      return;
    }
    case 'hangup': {
      need(1, 'hangup <peerId>');
      await node.hangUp(peerIdFromString(args[0]));
      emit({ event: 'hangup-done', command: line, peer: args[0] });
      return;
    }
    case 'ping': {
      need(1, 'ping <peerId>');
      const conn = openConnection(args[0]);
      const signal = AbortSignal.timeout(opts.commandTimeoutMs);
      for (let attempt = 1; ; attempt++) {
        try {
          const rtt = await node.services.ping.ping(conn.remotePeer, { signal });
          emit({ event: 'ping', command: line, peer: args[0], ok: true, rtt });
          return;
        } catch (e) {
          // js-libp2p allows one outbound ping stream per connection, and its connection monitor
          // pings every 10 s: on a collision with that ping, try again shortly.
          if (e?.code === 'ERR_TOO_MANY_OUTBOUND_PROTOCOL_STREAMS' && attempt < 5 && !signal.aborted) {
            await new Promise((resolve) => setTimeout(resolve, 100));
            continue;
          }
          emit({ event: 'ping', command: line, peer: args[0], ok: false, error: errText(e) });
          return;
        }
      }
    }
    case 'identify': {
      need(1, 'identify <peerId>');
      const conn = openConnection(args[0]);
      try {
        // Emits an "identify" event through peer:identify when it succeeds.
        await node.services.identify.identify(conn, {
          signal: AbortSignal.timeout(opts.commandTimeoutMs),
        });
      } catch (e) {
        emit({ event: 'identify-error', command: line, ...connLabel(conn), message: errText(e) });
      }
      return;
    }
    case 'echo': {
      need(2, 'echo <peerId> <nbytes> [streams]');
      const n = Number(args[1]);
      const streams = Number(args[2] ?? 1);
      if (!Number.isSafeInteger(n) || n < 0) throw new Error(`bad nbytes ${args[1]}`);
      if (!Number.isInteger(streams) || streams < 1 || streams > MAX_STREAMS)
        throw new Error(`bad streams ${args[2]} (1..${MAX_STREAMS})`);
      await echo(opts, line, openConnection(args[0]), n, streams);
      return;
    }
    case 'bench-send':
    case 'bench-recv': {
      need(2, `${verb} <peerId> <nbytes>`);
      const n = Number(args[1]);
      if (!Number.isSafeInteger(n) || n < 0) throw new Error(`bad nbytes ${args[1]}`);
      await bench(opts, line, openConnection(args[0]), verb === 'bench-send', n);
      return;
    }
    default:
      throw new Error(`unknown command ${verb}`);
  }
}

async function dial(text, command) {
  const ma = loopbackTarget(text);
  emit({ event: 'dialing', peerId: node.peerId.toString(), target: ma.toString(), command });
  try {
    const conn = await node.dial(ma);
    emit({ event: 'dialed', command, ok: true, ...connLabel(conn), muxer: conn.multiplexer });
  } catch (e) {
    emit({ event: 'dialed', command, ok: false, target: ma.toString(), error: errText(e) });
  }
}

/**
 * Opens `count` echo streams at once; each writes n bytes of echoData(i) in CHUNK pieces, closes its
 * write side, and checks that exactly the same bytes come back before the remote closes.
 */
async function echo(opts, command, conn, n, count) {
  const start = performance.now();
  const opened = [];
  const one = async (i) => {
    const stream = await conn.newStream(ECHO_PROTOCOL, { maxOutboundStreams: MAX_STREAMS });
    opened.push(stream);
    const expect = echoData(i);
    let received = 0;
    let mismatch = null;
    const reading = reader(stream.source).drain((b) => {
      if (mismatch !== null) return;
      if (received + b.length > n) {
        mismatch = `more than ${n} bytes echoed`;
        return;
      }
      const want = expect(b.length);
      if (!want.equals(b)) {
        let k = 0;
        while (want[k] === b[k]) k++;
        mismatch = `echoed byte ${received + k} differs`;
      }
      received += b.length;
    });
    await Promise.all([stream.sink(produce(n, echoData(i))), reading]);
    await stream.close();
    if (mismatch !== null) throw new Error(`stream ${i}: ${mismatch}`);
    if (received !== n) throw new Error(`stream ${i}: ${received} of ${n} bytes echoed`);
  };
  const results = await withTimeout(
    Promise.allSettled(Array.from({ length: count }, (_, i) => one(i))),
    opts.commandTimeoutMs,
    'echo',
    () => opened.forEach((s) => s.abort(new Error('echo command timed out'))),
  ).catch((e) => [{ status: 'rejected', reason: e }]);
  const failures = results.filter((r) => r.status === 'rejected').map((r) => errText(r.reason));
  const ms = performance.now() - start;
  emit({
    event: 'echo-result',
    command,
    peer: conn.remotePeer.toString(),
    muxer: conn.multiplexer,
    ok: failures.length === 0,
    bytes: n,
    streams: count,
    failed: failures.length,
    failures: failures.slice(0, 10),
    ms: Math.round(ms),
    mibPerSec: mibPerSec(n * count * 2, ms),
  });
}

/** One bench stream: upload (send=true) or download of n bytes, timed from open to end. */
async function bench(opts, command, conn, send, n) {
  const mode = send ? 'upload' : 'download';
  let stream = null;
  const run = async () => {
    const start = performance.now();
    stream = await conn.newStream(BENCH_PROTOCOL, { maxOutboundStreams: MAX_STREAMS });
    const header = Buffer.concat([Buffer.from([send ? BENCH_UPLOAD : BENCH_DOWNLOAD]), u64(n)]);
    const r = reader(stream.source);
    let received = 0;
    if (send) {
      const block = benchBlock();
      const body = produce(n, (k) => block.subarray(0, k));
      const all = (async function* () {
        yield header;
        yield* body;
      })();
      const [, ack] = await Promise.all([stream.sink(all), r.readExactly(8)]);
      if (ack === null) throw new Error('no byte count from the responder');
      received = Number(ack.readBigUInt64BE(0));
    } else {
      await Promise.all([
        stream.sink([header]),
        r.drain((b) => {
          received += b.length;
        }),
      ]);
    }
    await stream.close();
    const ms = performance.now() - start;
    if (received !== n) throw new Error(`${received} of ${n} bytes arrived`);
    return ms;
  };
  try {
    const ms = await withTimeout(run(), opts.commandTimeoutMs, mode, () =>
      stream?.abort(new Error('bench timed out')),
    );
    emit({
      event: 'bench-result',
      command,
      peer: conn.remotePeer.toString(),
      muxer: conn.multiplexer,
      mode,
      ok: true,
      bytes: n,
      ms: Math.round(ms),
      mibPerSec: mibPerSec(n, ms),
    });
  } catch (e) {
    emit({ event: 'bench-result', command, peer: conn.remotePeer.toString(), mode, ok: false, error: errText(e) });
  }
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

  const listen = [];
  if (opts.mode === 'listen') {
    if (opts.transports.includes('tcp')) listen.push(`/ip4/${LOOPBACK}/tcp/${opts.tcpPort}`);
    if (opts.transports.includes('ws')) listen.push(`/ip4/${LOOPBACK}/tcp/${opts.wsPort}/ws`);
  }
  const muxerFactories = { yamux: () => yamux(), mplex: () => mplex() };

  try {
    node = await createLibp2p({
      start: false,
      peerId,
      addresses: { listen },
      // Both transports are always available for dialing; "all" lets plain ws:// through.
      // (One HTTP server suffices: at most one WebSocket listen address is configured.)
      transports: [tcp(), webSockets({ filter: wsFilters.all, server: loopbackHttpServer() })],
      connectionEncryption: [noise()],
      streamMuxers: opts.muxers.map((m) => muxerFactories[m]()),
      connectionManager: {
        minConnections: 0, // no auto-dial: this peer dials only when told to
        inboundUpgradeTimeout: opts.inboundUpgradeTimeoutMs,
        dialTimeout: opts.dialTimeoutMs,
        inboundConnectionThreshold: opts.inboundThreshold,
      },
      connectionGater: {
        denyDialMultiaddr: async (ma) => !isLoopback(ma),
      },
      connectionMonitor: { enabled: opts.connectionMonitor },
      services: {
        identify: identify({ agentVersion: opts.agent }),
        identifyPush: identifyPush({ agentVersion: opts.agent }),
        ping: ping(),
      },
    });
  } catch (e) {
    fail(`createLibp2p: ${errText(e)}`);
    return;
  }
  stopOnFinish(() => node.stop());

  node.addEventListener('connection:open', ({ detail: c }) => {
    emit({
      event: 'connection:open',
      ...connLabel(c),
      muxer: c.multiplexer,
      encryption: c.encryption,
      transient: c.transient,
    });
  });
  node.addEventListener('connection:close', ({ detail: c }) => {
    emit({ event: 'connection:close', ...connLabel(c) });
  });
  node.addEventListener('peer:identify', ({ detail: r }) => {
    emit({
      event: 'identify',
      peer: r.peerId.toString(),
      connection: r.connection?.id,
      protocolVersion: r.protocolVersion ?? null,
      agentVersion: r.agentVersion ?? null,
      publicKey: r.publicKey === undefined ? null : toHex(r.publicKey),
      protocols: r.protocols,
      listenAddrs: r.listenAddrs.map((a) => a.toString()),
      observedAddr: r.observedAddr === undefined ? null : r.observedAddr.toString(),
      signedPeerRecord: r.signedPeerRecord !== undefined,
    });
  });

  const handlerOptions = { maxInboundStreams: MAX_STREAMS, maxOutboundStreams: MAX_STREAMS };
  await node.handle(ECHO_PROTOCOL, handleEcho, handlerOptions);
  await node.handle(BENCH_PROTOCOL, (data) => void handleBench(data), handlerOptions);

  try {
    await node.start();
  } catch (e) {
    fail(`start: ${errText(e)}`);
    return;
  }

  if (opts.mode === 'listen') {
    const addrs = node.getMultiaddrs().map((a) => a.toString());
    emit({
      event: 'listening',
      peerId: node.peerId.toString(),
      publicKey: toHex(node.peerId.publicKey),
      addrs,
      tcp: addrs.find((a) => !a.includes('/ws/')) ?? null,
      ws: addrs.find((a) => a.includes('/ws/')) ?? null,
      muxers: opts.muxers,
      agentVersion: opts.agent,
      protocols: node.getProtocols(),
    });
  } else {
    try {
      loopbackTarget(opts.target);
    } catch (e) {
      fail(e.message);
      return;
    }
    void dial(opts.target, null);
  }

  readCommands((line) => runCommand(opts, line));
}

process.on('unhandledRejection', (e) => emit({ event: 'error', unhandled: true, message: errText(e) }));

main().catch((e) => fail(errText(e)));
