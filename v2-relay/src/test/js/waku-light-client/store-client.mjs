// Test fixture: the current js-waku light client (@waku/sdk 0.0.36) as a store v3 client of a
// Causeway node. Spec: v2-store.md §2-§3 (store v3), v2-message-relay-sharding.md §7 (metadata).
//
// Usage: node store-client.mjs --dial <ws multiaddr> [--cluster-id N] [--shard N]
//                              [--content-topic T]... [--deadline-ms N]
//
// The node is created the way createLightNode builds one (WebSocket, Noise, mplex, identify, ping,
// metadata in the given cluster, static sharding), with no discovery. It dials the one loopback
// address, waits until its peer manager considers that peer a store peer (identify lists the store
// protocol, the metadata shards include ours), emits one `listening` event and then reads commands
// from stdin, one per line, answering each with one JSON event on stdout:
//
//   query <forward|backward> <pageSize>
//       -> {event:"query", command, ok, pages:[[hashHex,...],...], timestamps:[[ns,...],...]}
//          pages exactly as js-waku's queryGenerator yields them (it pages until an empty page,
//          using the first/last message hash of each page as the next cursor).
//   exit
//
// Errors are {event:"error", command, message}. The process exits when stdin closes or at the
// deadline.
import { createLightNode } from '@waku/sdk';
import { Protocols } from '@waku/interfaces';
import { multiaddr } from '@multiformats/multiaddr';
import { emit, finish, forEachArg, readCommands, stopOnFinish } from '../../../../../common/src/test/js/fixture-io.mjs';

function errText(e) {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** The light node once created; finish() stops it. */
let waku = null;

function parseArgs(argv) {
  const opts = { dial: null, clusterId: 0, shard: 0, contentTopics: [], deadlineMs: 60000 };
  forEachArg(argv, (a, next) => {
    switch (a) {
      case '--dial':
        opts.dial = next();
        break;
      case '--cluster-id':
        opts.clusterId = Number(next());
        break;
      case '--shard':
        opts.shard = Number(next());
        break;
      case '--content-topic':
        opts.contentTopics.push(next());
        break;
      case '--deadline-ms':
        opts.deadlineMs = Number(next());
        break;
      default:
        throw new Error(`unknown option ${a}`);
    }
  });
  if (!opts.dial || !opts.dial.startsWith('/ip4/127.0.0.1/')) throw new Error('--dial <loopback multiaddr> required');
  if (opts.contentTopics.length === 0) throw new Error('at least one --content-topic required');
  if (!Number.isFinite(opts.deadlineMs) || opts.deadlineMs <= 0) throw new Error('bad --deadline-ms');
  return opts;
}

async function query(opts, decoders, peerId, direction, pageSize) {
  const forward = direction === 'forward';
  if (!forward && direction !== 'backward') throw new Error(`bad direction ${direction}`);
  const pages = [];
  const timestamps = [];
  for await (const page of waku.store.queryGenerator(decoders, {
    paginationForward: forward,
    paginationLimit: pageSize,
    peerId,
  })) {
    const messages = await Promise.all(page);
    const hashes = [];
    const ts = [];
    for (const m of messages) {
      if (m === undefined) throw new Error('a stored message did not decode');
      hashes.push(m.hashStr);
      ts.push(String(m.proto.timestamp));
    }
    pages.push(hashes);
    timestamps.push(ts);
  }
  return { pages, timestamps };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  setTimeout(() => finish('deadline', 0), opts.deadlineMs);
  const networkConfig = { clusterId: opts.clusterId };
  waku = await createLightNode({
    networkConfig,
    defaultBootstrap: false,
    discovery: { dns: false, peerExchange: false, peerCache: false },
    libp2p: { filterMultiaddrs: false, hideWebSocketInfo: true },
  });
  stopOnFinish(() => waku.stop());
  await waku.start();
  const target = multiaddr(opts.dial);
  await waku.dial(target, [Protocols.Store]);
  await waku.waitForPeers([Protocols.Store], opts.deadlineMs);
  const peerId = target.getPeerId();
  const peer = await waku.libp2p.peerStore.get(waku.libp2p.getPeers().find((p) => p.toString() === peerId));
  const decoders = opts.contentTopics.map((contentTopic) =>
    waku.createDecoder({ contentTopic, shardId: opts.shard }),
  );
  emit({
    event: 'listening',
    peerId: waku.libp2p.peerId.toString(),
    storePeer: peerId,
    peerProtocols: peer.protocols,
    pubsubTopic: decoders[0].pubsubTopic,
  });
  const storePeer = waku.libp2p.getPeers().find((p) => p.toString() === peerId);

  readCommands(async (line) => {
    const words = line.split(/\s+/);
    switch (words[0]) {
      case 'query': {
        const r = await query(opts, decoders, storePeer, words[1], Number(words[2]));
        emit({ event: 'query', command: line, ok: true, ...r });
        break;
      }
      case 'exit':
        finish('exit-command', 0);
        break;
      default:
        throw new Error(`unknown command ${words[0]}`);
    }
  }, errText);
}

process.on('unhandledRejection', (e) => emit({ event: 'error', unhandled: true, message: errText(e) }));
main().catch((e) => {
  emit({ event: 'error', message: errText(e) });
  finish('startup-failed', 1);
});
