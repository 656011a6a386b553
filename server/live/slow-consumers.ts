/** The parts of an Engine.IO connection that hold what is not yet sent; private in its types. */
interface ConnectionInternals {
  writeBuffer?: Array<{ data?: unknown }>;
  transport?: { socket?: { bufferedAmount?: number; terminate?: () => void } };
  close(discard: boolean): void;
}

/** Bytes queued for a connection that its reader has not taken: Engine.IO's buffer and the WebSocket's. */
export function unsentBytes(connection: object): number {
  const { writeBuffer = [], transport } = connection as ConnectionInternals;
  let bytes = transport?.socket?.bufferedAmount ?? 0;
  for (const packet of writeBuffer) {
    const { data } = packet;
    bytes += typeof data === 'string' ? data.length : data instanceof Uint8Array ? data.byteLength : 0;
  }
  return bytes;
}

/**
 * Closes a connection at once, dropping what it has not sent: a graceful close would wait for a reader
 * that does not read. The client sees a transport close and reconnects with its cursor.
 */
export function dropConnection(connection: object): void {
  const internals = connection as ConnectionInternals;
  const websocket = internals.transport?.socket;
  // A WebSocket's closing handshake would queue behind the unread bytes: end the TCP connection instead.
  if (typeof websocket?.terminate === 'function') websocket.terminate();
  else internals.close(true);
}
