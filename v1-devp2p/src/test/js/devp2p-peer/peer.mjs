#!/usr/bin/env node
// Interop test peer: an independent RLPx + devp2p implementation (@ethereumjs/devp2p, pinned in
// package.json) that Causeway's Java integration tests start as a child process.
//
// Usage:
//   node peer.mjs --key <64 hex> listen [--port 0]
//   node peer.mjs --key <64 hex> dial enode://<128 hex>@127.0.0.1:<port>
// Options (all optional):
//   --deadline-ms N      exit after N ms whatever happens (default 30000; env PEER_DEADLINE_MS)
//   --cap name/ver[/len] capability to advertise, repeatable (default waku/1/128)
//   --client-id S        Hello client id (default "causeway-interop-ethereumjs/<devp2p version>")
//   --timeout-ms N       ethereumjs dial timeout and Ping->Pong timeout (default 10000)
//   --no-ping            do not send a Ping right after the Hello exchange
//   --no-waku-status     do not send a waku Status after the Hello exchange
//   --waku-pow F         pow-requirement in our waku Status (default 0.002)
// The key may also come from env PEER_KEY. Only 127.0.0.1 is ever used; no discovery, no DNS.
//
// stdout: one JSON object per line, always with an "event" field (see README.md in this folder).
// stdin: one command per line: "ping" | "disconnect <reason>" | "send <cap> <code> <hex msg-data>"
//        | "raw <wire msg-id> <hex bytes>" | "exit". End of stdin also ends the process, so a
//        dead parent never leaves this peer running.

import { readFileSync } from 'node:fs';
import { Peer, RLPx } from '@ethereumjs/devp2p';
import { RLP } from '@ethereumjs/rlp';
import * as snappy from 'snappyjs';
import {
  emit,
  fail,
  finish,
  fromHex,
  parsePeerArgs,
  readCommands,
  toHex,
} from '../../../../../common/src/test/js/fixture-io.mjs';

const DEVP2P_VERSION = JSON.parse(
  readFileSync(new URL('./node_modules/@ethereumjs/devp2p/package.json', import.meta.url), 'utf8'),
).version;
const LOOPBACK = '127.0.0.1';
const MAX_LOGGED_DATA = 65536;

// ---------------------------------------------------------------- bytes

function bytesToUint(bytes) {
  let v = 0;
  for (const b of bytes) v = v * 256 + b;
  return v;
}

/** Canonical big-endian unsigned integer bytes (no leading zeros; 0 is empty). */
function stripLeadingZeros(bytes) {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  return bytes.subarray(i);
}

function float64ToUintBytes(f) {
  const buf = new Uint8Array(8);
  new DataView(buf.buffer).setFloat64(0, f, false);
  return stripLeadingZeros(buf);
}

function uintBytesToFloat64(bytes) {
  if (bytes.length > 8) return null;
  const buf = new Uint8Array(8);
  buf.set(bytes, 8 - bytes.length);
  return new DataView(buf.buffer).getFloat64(0, false);
}

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const opts = {
    caps: [],
    clientId: `causeway-interop-ethereumjs/${DEVP2P_VERSION}`,
    timeoutMs: 10000,
    ping: true,
    wakuStatus: true,
    wakuPow: 0.002,
    mode: null,
    port: 0,
    enode: null,
  };
  parsePeerArgs(argv, opts, (a, next) => {
    switch (a) {
      case '--cap':
        opts.caps.push(next());
        break;
      case '--client-id':
        opts.clientId = next();
        break;
      case '--timeout-ms':
        opts.timeoutMs = Number(next());
        break;
      case '--no-ping':
        opts.ping = false;
        break;
      case '--no-waku-status':
        opts.wakuStatus = false;
        break;
      case '--waku-pow':
        opts.wakuPow = Number(next());
        break;
      case '--port':
        opts.port = Number(next());
        break;
      case 'listen':
        opts.mode = 'listen';
        break;
      case 'dial':
        opts.mode = 'dial';
        opts.enode = next();
        break;
      default:
        throw new Error(`unknown argument ${a}`);
    }
  });
  if (opts.mode === null) throw new Error('mode "listen" or "dial <enode>" required');
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new Error('bad --port');
  if (opts.caps.length === 0) opts.caps.push('waku/1/128');
  opts.caps = opts.caps.map(parseCap);
  return opts;
}

function parseCap(text) {
  const parts = text.split('/');
  if (parts.length < 2 || parts.length > 3) throw new Error(`bad --cap ${text}`);
  const [name, version, length = '128'] = parts;
  const cap = { name, version: Number(version), length: Number(length) };
  if (!/^[\x21-\x7e]{1,8}$/.test(name) || !Number.isInteger(cap.version) || cap.version < 0)
    throw new Error(`bad --cap ${text}`);
  if (!Number.isInteger(cap.length) || cap.length < 1) throw new Error(`bad --cap ${text}`);
  return cap;
}

function parseEnode(url) {
  const m = /^enode:\/\/([0-9a-fA-F]{128})@([^:/?]+):(\d{1,5})(\?.*)?$/.exec(url);
  if (!m) throw new Error(`bad enode URL ${url}`);
  const host = m[2] === 'localhost' ? LOOPBACK : m[2];
  if (host !== LOOPBACK) throw new Error(`refusing to dial non-loopback host ${m[2]}`);
  return { id: fromHex(m[1], 'enode id'), address: host, tcpPort: Number(m[3]) };
}

// ---------------------------------------------------------------- per-connection bookkeeping

const connIds = new WeakMap();
let nextConnId = 1;
function conn(peer) {
  let id = connIds.get(peer);
  if (id === undefined) {
    id = nextConnId++;
    connIds.set(peer, id);
  }
  return id;
}

const snappyActive = (peer) => peer._hello !== null && peer._hello.protocolVersion >= 5;

// Instrument the ethereumjs Peer: it exposes Ping/Pong and Disconnect only as internal methods, so
// wrap them to report what happens on the wire. Behaviour is unchanged (the originals still run).
function wrap(name, before) {
  const original = Peer.prototype[name];
  if (typeof original !== 'function') throw new Error(`ethereumjs Peer has no ${name}()`);
  Peer.prototype[name] = function (...args) {
    before.call(this, ...args);
    return original.apply(this, args);
  };
}

wrap('_handleHello', function (payload) {
  // Same field reading as ethereumjs itself, reported before it acts (it may disconnect). A
  // malformed Hello is reported as such and left to ethereumjs to reject.
  try {
    emit({
      event: 'hello',
      conn: conn(this),
      protocolVersion: bytesToUint(payload[0]),
      clientId: Buffer.from(payload[1]).toString('utf8'),
      capabilities: payload[2].map((c) => `${Buffer.from(c[0]).toString('utf8')}/${bytesToUint(c[1])}`),
      listenPort: bytesToUint(payload[3]),
      id: toHex(payload[4]),
    });
  } catch (e) {
    emit({ event: 'hello', conn: conn(this), malformed: String(e?.message ?? e) });
  }
});
wrap('_sendPing', function () {
  emit({ event: 'ping-sent', conn: conn(this), snappy: snappyActive(this) });
});
wrap('_handlePing', function () {
  emit({ event: 'ping-received', conn: conn(this) });
});
wrap('_sendPong', function () {
  emit({ event: 'pong-sent', conn: conn(this), snappy: snappyActive(this) });
});
wrap('_handlePong', function () {
  emit({ event: 'pong-received', conn: conn(this) });
});
wrap('_sendDisconnect', function (reason) {
  if (this._closed) return; // ethereumjs sends nothing on a closed connection
  emit({ event: 'disconnect', conn: conn(this), initiator: 'local', reason, name: reasonName(reason) });
});
wrap('_handleDisconnect', function (payload) {
  const raw = payload instanceof Uint8Array ? payload : (payload[0] ?? new Uint8Array([0]));
  const reason = bytesToUint(raw);
  emit({ event: 'disconnect', conn: conn(this), initiator: 'remote', reason, name: reasonName(reason) });
});
wrap('_onSocketClose', function () {
  emit({ event: 'closed', conn: conn(this) });
});

const REASONS = [
  'DISCONNECT_REQUESTED', 'NETWORK_ERROR', 'PROTOCOL_ERROR', 'USELESS_PEER', 'TOO_MANY_PEERS',
  'ALREADY_CONNECTED', 'INCOMPATIBLE_VERSION', 'INVALID_IDENTITY', 'CLIENT_QUITTING',
  'UNEXPECTED_IDENTITY', 'SAME_IDENTITY', 'TIMEOUT',
];
const reasonName = (r) => (r === 0x10 ? 'SUBPROTOCOL_ERROR' : (REASONS[r] ?? 'UNKNOWN'));

// ---------------------------------------------------------------- a minimal sub-protocol

// What ethereumjs requires of a capability (rlpx/peer.js, _handleHello): an object
// {name, version, length, constructor}. For every shared capability it calls
// `new constructor(version, peer, send)` where send(code, bytes) writes msg-id offset+code with
// the bytes as msg-data, unmodified (a sub-protocol compresses itself when Snappy is active);
// incoming messages reach `_handleMessage(code, bytes)` already Snappy-decompressed but not RLP
// decoded. A throw from _handleMessage makes ethereumjs disconnect with SUBPROTOCOL_ERROR (0x10).
function makeProtocolClass(opts, cap) {
  return class LoggingSubProtocol {
    constructor(version, peer, send) {
      this.cap = cap;
      this.version = version;
      this._peer = peer;
      this._send = send;
      // 'connect' fires once both Hellos have been exchanged; sending earlier could precede our Hello.
      peer.events.once('connect', () => {
        if (this.cap.name === 'waku' && opts.wakuStatus) this.sendWakuStatus();
      });
    }

    /** Sends msg-data (uncompressed RLP), compressing it when both sides speak devp2p >= 5. */
    send(code, msgData) {
      const wire = snappyActive(this._peer) ? snappy.compress(msgData) : msgData;
      this._send(code, wire);
    }

    sendWakuStatus() {
      const status = RLP.encode([
        [0, float64ToUintBytes(opts.wakuPow)],
        [1, new Uint8Array(64).fill(0xff)],
        [2, new Uint8Array(0)],
        [3, new Uint8Array(0)],
      ]);
      this.send(0, status);
      emit({ event: 'waku-status-sent', conn: conn(this._peer), data: toHex(status) });
    }

    _handleMessage(code, data) {
      const ev = {
        event: `${this.cap.name}-message`,
        conn: conn(this._peer),
        cap: `${this.cap.name}/${this.version}`,
        code,
        size: data.length,
      };
      if (data.length <= MAX_LOGGED_DATA) ev.data = toHex(data);
      emit(ev);
      if (this.cap.name === 'waku' && (code === 0 || code === 22)) {
        emit({ event: code === 0 ? 'waku-status' : 'waku-status-update', conn: conn(this._peer), ...describeWakuStatus(data) });
      }
    }
  };
}

/** Best-effort reading of a waku Status options list (spec v1-waku.md §3.1) for the test log. */
function describeWakuStatus(data) {
  let decoded;
  try {
    decoded = RLP.decode(data);
  } catch (e) {
    return { valid: false, problem: `rlp: ${e.message}` };
  }
  if (!Array.isArray(decoded)) return { valid: false, problem: 'not a list' };
  const keys = [];
  const options = {};
  for (const entry of decoded) {
    if (!Array.isArray(entry) || entry.length !== 2 || !(entry[0] instanceof Uint8Array))
      return { valid: false, problem: 'entry is not [key, value]', keys, options };
    const key = bytesToUint(entry[0]);
    const value = entry[1];
    keys.push(key);
    const bytes = value instanceof Uint8Array ? value : null;
    switch (key) {
      case 0:
        options.pow = bytes === null ? null : uintBytesToFloat64(bytes);
        break;
      case 1:
        options.bloom = bytes === null ? null : toHex(bytes);
        break;
      case 2:
        options.lightNode = bytes === null ? null : bytesToUint(bytes) !== 0;
        break;
      case 3:
        options.confirmations = bytes === null ? null : bytesToUint(bytes) !== 0;
        break;
      case 4:
      case 6:
        options[key === 4 ? 'packetRateLimits' : 'bytesRateLimits'] = Array.isArray(value)
          ? value.map((v) => (v instanceof Uint8Array ? bytesToUint(v) : null))
          : null;
        break;
      case 5:
        options.topicInterest = Array.isArray(value)
          ? value.map((v) => (v instanceof Uint8Array ? toHex(v) : null))
          : null;
        break;
      default:
        options[`key${key}`] = toHex(RLP.encode(value));
    }
  }
  return { valid: true, keys, options };
}

// ---------------------------------------------------------------- main

function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    fail(e.message);
    return;
  }
  setTimeout(() => finish('deadline', 0), opts.deadlineMs);

  let privateKey;
  try {
    privateKey = fromHex(opts.key, 'key');
    if (privateKey.length !== 32) throw new Error('key must be 32 bytes');
  } catch (e) {
    fail(e.message);
    return;
  }

  const capabilities = opts.caps.map((c) => ({
    name: c.name,
    version: c.version,
    length: c.length,
    constructor: makeProtocolClass(opts, c),
  }));

  // RLPx only: no `dpt` (discv4) and no DNS discovery, so it connects to nothing on its own.
  const rlpx = new RLPx(privateKey, {
    clientId: new TextEncoder().encode(opts.clientId),
    capabilities,
    maxPeers: 10,
    timeout: opts.timeoutMs,
    listenPort: null,
  });
  const ownId = toHex(rlpx.id);

  rlpx.events.on('error', (err) => emit({ event: 'error', message: String(err?.message ?? err) }));
  rlpx.events.on('peer:error', (peer, err) =>
    emit({ event: 'error', conn: conn(peer), message: String(err?.message ?? err) }),
  );
  rlpx.events.on('peer:added', (peer) => {
    const hello = peer.getHelloMessage();
    emit({
      event: 'connected',
      conn: conn(peer),
      id: toHex(peer.getId()),
      snappy: snappyActive(peer),
      shared: peer._protocols.map((p) => ({
        cap: `${p.protocol.cap.name}/${p.protocol.version}`,
        offset: p.offset,
        length: p.length,
      })),
      remoteProtocolVersion: hello.protocolVersion,
    });
    if (opts.ping) peer._sendPing();
  });
  rlpx.events.on('peer:removed', (peer, reason, disconnectWe) => {
    emit({ event: 'peer-removed', conn: conn(peer), reason: reason ?? null, byUs: disconnectWe === true });
  });

  if (opts.mode === 'listen') {
    rlpx.events.once('listening', () => {
      const port = rlpx._server.address().port;
      rlpx._listenPort = port; // advertised in our Hello from now on
      emit({ event: 'listening', port, id: ownId, enode: `enode://${ownId}@${LOOPBACK}:${port}` });
    });
    rlpx.listen(opts.port, LOOPBACK);
  } else {
    let target;
    try {
      target = parseEnode(opts.enode);
    } catch (e) {
      fail(e.message);
      return;
    }
    emit({ event: 'dialing', id: ownId, target: `${target.address}:${target.tcpPort}` });
    rlpx.connect(target).catch((err) => emit({ event: 'error', message: `dial: ${err?.message ?? err}` }));
  }

  readCommands((line) => runCommand(rlpx, line), (e) => e.message);
}

function runCommand(rlpx, line) {
  if (line === '') return;
  const [verb, ...args] = line.split(/\s+/);
  const peers = rlpx.getPeers();
  switch (verb) {
    case 'exit':
      finish('command', 0);
      return;
    case 'ping':
      for (const p of peers) p._sendPing();
      break;
    case 'disconnect': {
      const reason = Number(args[0] ?? 0);
      for (const p of peers) p.disconnect(reason);
      break;
    }
    case 'send': {
      const [capName, code, hex = ''] = args;
      const bytes = fromHex(hex, 'msg-data');
      let sent = 0;
      for (const p of peers)
        for (const proto of p.getProtocols())
          if (proto.cap?.name === capName) {
            proto.send(Number(code), bytes);
            sent++;
          }
      if (sent === 0) throw new Error(`no connected peer shares capability ${capName}`);
      break;
    }
    case 'raw': {
      const [code, hex = ''] = args;
      const bytes = fromHex(hex, 'bytes');
      for (const p of peers) p._sendMessage(Number(code), bytes);
      break;
    }
    default:
      throw new Error(`unknown command ${verb}`);
  }
  emit({ event: 'command-done', command: line, peers: peers.length });
}

main();
