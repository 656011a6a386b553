import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket as NetSocket } from 'node:net';
import type { Tarpit } from '../rate-limit.js';

export type AdmissionRefusal = 'node_connections' | 'connections_per_address';

export interface AdmissionOptions {
  maxConnections: number;
  connectionsPerAddress: number;
  /** The client's address, after the trusted proxies. */
  addressOf(req: IncomingMessage): string;
  onRefused(reason: AdmissionRefusal): void;
  /** Where refused handshakes wait before their answer, so a client looping on refusals is slowed. */
  tarpit: Tarpit;
}

/** Engine.IO's view of a connection: enough to count it and to see when it goes. */
interface EngineConnection {
  request: IncomingMessage;
  once(event: 'close', listener: () => void): unknown;
}

/**
 * Caps the connections of the node and of each client address. A refused handshake gets an HTTP answer
 * a balancer and the Socket.IO client both retry elsewhere or later: 503 for a full node, 429 for an
 * address over its share, each with `Retry-After`.
 */
export class ConnectionAdmission {
  private total = 0;
  private readonly perAddress = new Map<string, number>();

  constructor(private readonly options: AdmissionOptions) {}

  get connections(): number {
    return this.total;
  }

  /** An Engine.IO middleware: runs for every HTTP request and upgrade of the socket path. */
  readonly middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void => {
    const handshake = !new URL(req.url ?? '/', 'http://x').searchParams.has('sid');
    if (!handshake) return next();
    const refusal = this.refusal(this.options.addressOf(req));
    if (!refusal) return next();
    this.options.onRefused(refusal);
    const [status, message] =
      refusal === 'node_connections'
        ? [503, 'this node is full; retry, the balancer will send you to another']
        : [429, 'too many connections from this address'];
    void this.options.tarpit.hold().then(() => {
      refuse(req, res, status, { error: { code: refusal === 'node_connections' ? 'server_busy' : 'too_many_connections', message } });
    });
  };

  /** Counts an accepted connection until it closes. */
  track(connection: EngineConnection): void {
    const address = this.options.addressOf(connection.request);
    this.total += 1;
    this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
    connection.once('close', () => {
      this.total -= 1;
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left > 0) this.perAddress.set(address, left);
      else this.perAddress.delete(address);
    });
  }

  private refusal(address: string): AdmissionRefusal | undefined {
    if (this.total >= this.options.maxConnections) return 'node_connections';
    if ((this.perAddress.get(address) ?? 0) >= this.options.connectionsPerAddress) return 'connections_per_address';
    return undefined;
  }
}

const RETRY_AFTER_SECONDS = 5;

/** Answers a polling request through its response, a WebSocket upgrade on its raw socket (Engine.IO's stand-in response cannot). */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  const headers = { 'Content-Type': 'application/json', 'Retry-After': String(RETRY_AFTER_SECONDS), 'Content-Length': String(Buffer.byteLength(json)) };
  if (typeof res.writeHead === 'function' && 'statusCode' in res) {
    res.writeHead(status, headers).end(json);
    return;
  }
  const socket = req.socket as NetSocket;
  const reason = status === 503 ? 'Service Unavailable' : 'Too Many Requests';
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\n${head}\r\n${json}`);
}
