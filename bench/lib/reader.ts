// One stock socket.io-client reader as the widget is one: WebSocket only, asking for the changes
// written together in one `changes` message, subscribed to one channel.

import { io, type Socket } from 'socket.io-client';
import type { Change, ClientToServerEvents, ServerToClientEvents } from '../../server/protocol.js';

export type Reader = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ReaderOptions {
  url: string;
  channel: string;
  timeoutMs: number;
  headers?: Record<string, string>;
  onChange(change: Change): void;
  onDisconnect(): void;
  /** Why connecting or subscribing failed. */
  onError(message: string): void;
}

/** Connects and subscribes; `subscribed` is true once the channel's answer came back ok. */
export function connectReader(options: ReaderOptions): { reader: Reader; subscribed: Promise<boolean> } {
  const reader: Reader = io(options.url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    timeout: options.timeoutMs,
    auth: { batches: true },
    ...(options.headers ? { extraHeaders: options.headers } : {}),
  });
  reader.on('changes', (changes) => {
    for (const change of changes) options.onChange(change);
  });
  reader.on('disconnect', () => options.onDisconnect());
  const subscribed = new Promise<boolean>((resolve) => {
    reader.once('connect_error', (error) => {
      options.onError(`connect: ${error.message}`);
      resolve(false);
    });
    reader.once('connect', () => {
      reader.timeout(options.timeoutMs).emit('subscribe', { channel: options.channel }, (error, result) => {
        if (error || !result.ok) {
          options.onError(`subscribe: ${error?.message ?? (result.ok ? '' : result.error.code)}`);
          resolve(false);
          return;
        }
        resolve(true);
      });
    });
  });
  return { reader, subscribed };
}
