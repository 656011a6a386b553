// One load-generator process: opens its share of stock socket.io-client connections, subscribes
// each to the channel through the public protocol and timestamps every headline it receives.

import type { Change } from '../../server/protocol.js';
import { connectReader, type Reader } from '../lib/reader.js';
import { HEADLINE_TEXT, type ConnectOrder, type CoordinatorMessage, type GeneratorMessage } from './messages.js';

const send = (message: GeneratorMessage) => process.send!(message);
const readers: Reader[] = [];
let order: ConnectOrder;
let receivedAt: Float64Array;
let receivedPerHeadline: Uint32Array;
let subscribed = 0;
let duplicates = 0;
let evictions = 0;
let disconnects = 0;
let closing = false;

function onChange(index: number, change: Change): void {
  const now = process.hrtime.bigint();
  if (change.type === 'evict') evictions++;
  const match = HEADLINE_TEXT.exec(change.headline?.text ?? '');
  if (!match) return;
  const seq = Number(match[1]);
  if (seq >= order.headlines) return;
  const slot = index * order.headlines + seq;
  if (!Number.isNaN(receivedAt[slot])) {
    duplicates++;
    return;
  }
  receivedAt[slot] = Number(now - BigInt(match[2])) / 1e6;
  if (++receivedPerHeadline[seq] === subscribed) send({ kind: 'delivered', seq });
}

async function connectOne(index: number, setupMs: Float64Array, errors: Set<string>): Promise<boolean> {
  const started = performance.now();
  const { reader, subscribed } = connectReader({
    url: order.url,
    channel: order.channel,
    timeoutMs: 30_000,
    onChange: (change) => onChange(index, change),
    onDisconnect: () => {
      if (!closing) disconnects++;
    },
    onError: (message) => errors.add(message),
  });
  readers[index] = reader;
  const ok = await subscribed;
  if (ok) setupMs[index] = performance.now() - started;
  return ok;
}

async function connectAll(): Promise<void> {
  const setupMs = new Float64Array(order.count).fill(NaN);
  const errors = new Set<string>();
  let next = 0;
  let failed = 0;
  const lane = async () => {
    while (next < order.count) {
      if (await connectOne(next++, setupMs, errors)) subscribed++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(order.concurrency, order.count) }, lane));
  send({ kind: 'connected', subscribed, failed, errors: [...errors].slice(0, 5), setupMs: setupMs.filter((value) => !Number.isNaN(value)) });
}

process.on('message', (message: CoordinatorMessage) => {
  switch (message.kind) {
    case 'connect':
      order = message;
      receivedAt = new Float64Array(order.count * order.headlines).fill(NaN);
      receivedPerHeadline = new Uint32Array(order.headlines);
      void connectAll();
      break;
    case 'report': {
      const usage = process.cpuUsage();
      send({
        kind: 'report',
        latencyMs: receivedAt,
        duplicates,
        evictions,
        disconnects,
        cpuSeconds: (usage.user + usage.system) / 1e6,
      });
      break;
    }
    case 'close':
      closing = true;
      for (const reader of readers) reader?.disconnect();
      process.disconnect();
      break;
  }
});

send({ kind: 'ready' });
