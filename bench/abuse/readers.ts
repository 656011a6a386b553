// The honest readers: stock socket.io-client connections over WebSocket, each with an address of its
// own (X-Forwarded-For, which the node trusts from loopback), subscribed to the channel as the widget
// is; every measured headline they receive is timestamped against its publish time.

import type { Change } from '../../server/protocol.js';
import { connectReader, type Reader } from '../lib/reader.js';
import { HEADLINE_TEXT } from '../fanout/messages.js';
import { readerAddress, type ReadersConnectOrder, type ReadersMessage, type ReadersOrder } from './messages.js';

const send = (message: ReadersMessage) => process.send!(message);
const readers: Reader[] = [];
let order: ReadersConnectOrder;
let receivedAt: Float64Array;
let receivedPerHeadline: Uint32Array;
let subscribed = 0;
let duplicates = 0;
let disconnects = 0;
let closing = false;

function onChange(index: number, change: Change): void {
  const now = process.hrtime.bigint();
  const match = HEADLINE_TEXT.exec(change.headline?.text ?? '');
  if (!match || change.type !== 'publish') return;
  const seq = Number(match[1]);
  if (seq >= order.slots) return;
  const slot = index * order.slots + seq;
  if (!Number.isNaN(receivedAt[slot])) {
    duplicates++;
    return;
  }
  receivedAt[slot] = Number(now - BigInt(match[2])) / 1e6;
  if (++receivedPerHeadline[seq] === subscribed) send({ kind: 'delivered', seq });
}

function connectOne(index: number, errors: Set<string>): Promise<boolean> {
  const { reader, subscribed } = connectReader({
    url: order.url,
    channel: order.channel,
    timeoutMs: 20_000,
    headers: { 'X-Forwarded-For': readerAddress(index) },
    onChange: (change) => onChange(index, change),
    onDisconnect: () => {
      if (!closing) disconnects++;
    },
    onError: (message) => errors.add(message),
  });
  readers[index] = reader;
  return subscribed;
}

async function connectAll(): Promise<void> {
  const errors = new Set<string>();
  let next = 0;
  let failed = 0;
  const lane = async () => {
    while (next < order.count) {
      if (await connectOne(next++, errors)) subscribed++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(order.concurrency, order.count) }, lane));
  send({ kind: 'connected', subscribed, failed, errors: [...errors].slice(0, 5) });
}

process.on('message', (message: ReadersOrder) => {
  switch (message.kind) {
    case 'connect':
      order = message;
      receivedAt = new Float64Array(order.count * order.slots).fill(NaN);
      receivedPerHeadline = new Uint32Array(order.slots);
      void connectAll();
      break;
    case 'report':
      send({ kind: 'report', latencyMs: receivedAt, duplicates, disconnects });
      break;
    case 'close':
      closing = true;
      for (const reader of readers) reader?.disconnect();
      process.disconnect();
      break;
  }
});

send({ kind: 'ready' });
