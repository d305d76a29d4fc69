// The plumbing every npm interop fixture shares (the fixture protocol of
// dev.causeway.testing.JsFixturePeer): one JSON event per stdout line, one command per stdin line,
// an "exit" event before the process ends, command-line options, hex.
//
// Plain ESM on node: built-ins only, no package.json and no npm dependencies, so that any fixture
// imports it by a relative path from the source tree, where JsFixturePeer runs every fixture
// (`<module>/src/test/js/<folder>/<script>`, never a copy):
//   import { emit, finish } from '../../../../../common/src/test/js/fixture-io.mjs';
// It runs on every Node.js version a fixture runs on (the machine's node or a fixture's own).

import { createInterface } from 'node:readline';

/** Writes one event: a JSON object with an "event" field, on one stdout line. */
export function emit(obj) {
  process.stdout.write(`${JSON.stringify(obj)}\n`);
}

/** An error's message, prefixed with its code (or name) when the message does not say it. */
export function errText(e) {
  const code = e?.code ?? e?.name;
  const msg = String(e?.message ?? e);
  return code !== undefined && code !== 'Error' && !msg.includes(code) ? `${code}: ${msg}` : msg;
}

// ---------------------------------------------------------------- ending

let stop = null;
let finishing = false;

/**
 * Makes finish() call `fn` (e.g. `() => node.stop()`, closing connections politely) and wait for
 * it, at most 2 s, before it exits. Without it finish() exits at once.
 */
export function stopOnFinish(fn) {
  stop = fn;
}

/**
 * Ends the process once: stops what stopOnFinish() named (bounded), emits {"event":"exit", cause,
 * code} and exits with `code` once that line has been flushed (pipes may be asynchronous).
 */
export function finish(cause, code) {
  if (finishing) return;
  finishing = true;
  const exit = () => {
    process.stdout.write(`${JSON.stringify({ event: 'exit', cause, code })}\n`, () => process.exit(code));
  };
  if (stop === null) {
    exit();
    return;
  }
  let stopped;
  try {
    stopped = Promise.resolve(stop()).catch(() => {});
  } catch {
    stopped = Promise.resolve();
  }
  const bound = new Promise((resolve) => setTimeout(resolve, 2000));
  Promise.race([stopped, bound]).finally(exit);
}

/** A fatal failure: an "error" event, then finish('error', 2). */
export function fail(message) {
  emit({ event: 'error', message: String(message) });
  finish('error', 2);
}

// ---------------------------------------------------------------- commands

/**
 * Reads one command per stdin line and calls `run(line)` (trimmed, empty lines skipped) for each;
 * a command that throws or rejects gives {"event":"error", command: line, message: describe(e)}.
 * End of stdin calls finish('stdin-closed', 0), so a dead parent never leaves a fixture running.
 */
export function readCommands(run, describe = errText) {
  const input = createInterface({ input: process.stdin });
  input.on('line', (raw) => {
    const line = raw.trim();
    if (line === '') return;
    const report = (e) => emit({ event: 'error', command: line, message: describe(e) });
    try {
      Promise.resolve(run(line)).catch(report);
    } catch (e) {
      report(e);
    }
  });
  input.on('close', () => finish('stdin-closed', 0));
  return input;
}

// ---------------------------------------------------------------- options and bytes

/**
 * Walks the command line: calls `handle(arg, next)` for each argument, where next() consumes and
 * returns the argument's value (throwing "missing value after <arg>" when there is none).
 */
export function forEachArg(argv, handle) {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    handle(a, () => {
      if (i + 1 >= argv.length) throw new Error(`missing value after ${a}`);
      return argv[++i];
    });
  }
}

/**
 * The command line of a peer fixture (libp2p, devp2p, waku relay): sets opts.key (--key, else env
 * PEER_KEY; required) and opts.deadlineMs (--deadline-ms, else env PEER_DEADLINE_MS, else 30000;
 * positive), and hands every other argument to `handle(arg, next)` (see forEachArg). Returns opts.
 */
export function parsePeerArgs(argv, opts, handle) {
  opts.key = process.env.PEER_KEY;
  opts.deadlineMs = Number(process.env.PEER_DEADLINE_MS ?? 30000);
  forEachArg(argv, (a, next) => {
    if (a === '--key') opts.key = next();
    else if (a === '--deadline-ms') opts.deadlineMs = Number(next());
    else handle(a, next);
  });
  if (!opts.key) throw new Error('no private key (--key or PEER_KEY)');
  if (!Number.isFinite(opts.deadlineMs) || opts.deadlineMs <= 0) throw new Error('bad --deadline-ms');
  return opts;
}

/** `text` as an integer in 0..max, or an Error "bad <what> <text>". */
export function uint(text, what, max = Number.MAX_SAFE_INTEGER) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new Error(`bad ${what} ${text}`);
  return n;
}

export const toHex = (bytes) => Buffer.from(bytes).toString('hex');

/** Bytes of a hex string (an optional 0x prefix allowed), or an Error "<what>: not hex". */
export function fromHex(hex, what) {
  const h = hex.startsWith('0x') ? hex.slice(2) : hex;
  if (h.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(h)) throw new Error(`${what}: not hex`);
  return Uint8Array.from(Buffer.from(h, 'hex'));
}
