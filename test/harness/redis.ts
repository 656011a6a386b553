import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RedisTopology } from '../../server/store/redis-connection.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A private redis-server on a free port, persisting to an append-only file in a temporary folder,
 * so a test can stop it and start it again with its data intact, as after a real outage.
 */
export class TestRedis {
  private process: ChildProcess | undefined;
  private readonly dir = mkdtempSync(join(tmpdir(), 'ajel-redis-'));

  private constructor(
    readonly port: number,
    /** `always` for tests (nothing lost at a stop); benchmarks use `everysec`, as production usually does. */
    private readonly appendfsync: 'always' | 'everysec',
  ) {}

  static async start(options: { appendfsync?: 'always' | 'everysec' } = {}): Promise<TestRedis> {
    const redis = new TestRedis(await freePort(), options.appendfsync ?? 'always');
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get topology(): RedisTopology {
    return { mode: 'single', url: this.url };
  }

  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', this.appendfsync, '--dir', this.dir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.process = child;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk;
        if (output.includes('Ready to accept connections')) {
          child.stdout!.off('data', onData);
          child.stdout!.resume();
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)));
      child.once('error', reject);
    });
  }

  /** Stops the server the way a crash would look to clients: connections drop at once. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    this.process = undefined;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }

  /** A copy of the stopped server's data folder, for `restoreData`. */
  copyData(): string {
    const copy = mkdtempSync(join(tmpdir(), 'ajel-redis-copy-'));
    cpSync(this.dir, copy, { recursive: true });
    return copy;
  }

  /**
   * Puts an earlier copy of the data back while the server is stopped: it starts again without what
   * was written since, as a replica promoted after a crash lacks the primary's last writes.
   */
  restoreData(copy: string): void {
    rmSync(this.dir, { recursive: true, force: true });
    cpSync(copy, this.dir, { recursive: true });
    rmSync(copy, { recursive: true, force: true });
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
