import { Emitter } from '@socket.io/component-emitter';

/**
 * The Socket.IO packet format (protocol 5) for text packets only, in place of socket.io-parser in
 * the widget's bundle (vite.config.ts): the widget and the server exchange JSON and never binary, so
 * the binary half (attachments, reconstruction, hasBinary walks) is code the widget would carry for
 * nothing. A binary packet is refused as malformed, as socket.io-parser refuses a bad one.
 */
export const protocol = 5;

export const PacketType = { CONNECT: 0, DISCONNECT: 1, EVENT: 2, ACK: 3, CONNECT_ERROR: 4, BINARY_EVENT: 5, BINARY_ACK: 6 } as const;
type PacketType = (typeof PacketType)[keyof typeof PacketType];

export interface Packet {
  type: PacketType;
  nsp: string;
  data?: unknown;
  id?: number;
}

const isObject = (value: unknown) => Object.prototype.toString.call(value) === '[object Object]';

/** Names a server may not use for an event, because the client gives them a meaning of its own. */
const RESERVED_EVENTS = ['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'];

function validPayload(type: PacketType, payload: unknown): boolean {
  switch (type) {
    case PacketType.CONNECT:
      return isObject(payload);
    case PacketType.DISCONNECT:
      return payload === undefined;
    case PacketType.CONNECT_ERROR:
      return typeof payload === 'string' || isObject(payload);
    case PacketType.EVENT:
      return Array.isArray(payload) && (typeof payload[0] === 'number' || (typeof payload[0] === 'string' && !RESERVED_EVENTS.includes(payload[0])));
    default:
      return Array.isArray(payload);
  }
}

export class Encoder {
  encode(packet: Packet): string[] {
    let text = String(packet.type);
    if (packet.nsp && packet.nsp !== '/') text += `${packet.nsp},`;
    if (packet.id != null) text += packet.id;
    if (packet.data != null) text += JSON.stringify(packet.data);
    return [text];
  }
}

const PACKET = /^([0-4])(?:(\/[^,]*),)?(\d*)([\s\S]*)$/;

export class Decoder extends Emitter<Record<string, never>, Record<string, never>, { decoded: (packet: Packet) => void }> {
  add(text: unknown): void {
    const parts = typeof text === 'string' ? PACKET.exec(text) : null;
    if (!parts) throw new Error('not a text packet of protocol 5');
    const packet: Packet = { type: Number(parts[1]) as PacketType, nsp: parts[2] ?? '/' };
    if (parts[3]) packet.id = Number(parts[3]);
    if (parts[4]) {
      let payload: unknown;
      try {
        payload = JSON.parse(parts[4]);
      } catch {
        payload = false;
      }
      if (!validPayload(packet.type, payload)) throw new Error('invalid payload');
      packet.data = payload;
    }
    this.emitReserved('decoded', packet);
  }

  destroy(): void {}
}
