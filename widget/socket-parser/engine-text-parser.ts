/**
 * The Engine.IO packet format (protocol 4) for text packets only, in place of engine.io-parser in
 * the widget's bundle (vite.config.ts), for the reason text-parser.ts gives: no base64 or Blob
 * handling for binary messages the widget never sends or receives. A binary frame decodes as the
 * parser's error packet, which closes the transport as a malformed packet does.
 */
export const protocol = 4;

const TYPES = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'];
const SEPARATOR = '\x1e';
const ERROR_PACKET = { type: 'error', data: 'parser error' };

export interface Packet {
  type: string;
  data?: string;
}

export function encodePacket(packet: Packet, _supportsBinary: boolean, callback: (encoded: string) => void): void {
  callback(TYPES.indexOf(packet.type) + (packet.data ?? ''));
}

export function decodePacket(encoded: unknown): Packet {
  const type = typeof encoded === 'string' ? TYPES[encoded.charCodeAt(0) - 48] : undefined;
  if (!type) return ERROR_PACKET;
  const text = encoded as string;
  return text.length > 1 ? { type, data: text.slice(1) } : { type };
}

export function encodePayload(packets: Packet[], callback: (encoded: string) => void): void {
  const encoded: string[] = [];
  for (const packet of packets) encodePacket(packet, false, (text) => encoded.push(text));
  callback(encoded.join(SEPARATOR));
}

export function decodePayload(encoded: string): Packet[] {
  const packets: Packet[] = [];
  for (const text of encoded.split(SEPARATOR)) {
    const packet = decodePacket(text);
    packets.push(packet);
    if (packet === ERROR_PACKET) break;
  }
  return packets;
}
