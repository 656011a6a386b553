import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { freePort } from './redis.js';

export const MASTER_NAME = 'ajel';

interface Member {
  role: 'primary' | 'replica' | 'sentinel';
  port: number;
  process?: ChildProcess;
}

/**
 * A private Sentinel-managed Redis from the Debian `redis-server` binary, on free ports: one primary
 * with append-only persistence, `replicas` replicas and `sentinels` sentinels (quorum: a majority)
 * that notice a dead primary within a second and promote a replica. `start` resolves once every
 * replica is in sync and every sentinel knows the whole group.
 */
export class TestRedisSentinel {
  private readonly dir = mkdtempSync(join(tmpdir(), 'ajel-sentinel-'));
  private readonly members: Member[] = [];

  private constructor() {}

  static async start(options: { replicas?: number; sentinels?: number; appendfsync?: 'always' | 'everysec' } = {}): Promise<TestRedisSentinel> {
    const group = new TestRedisSentinel();
    try {
      await group.launch(options.replicas ?? 2, options.sentinels ?? 3, options.appendfsync ?? 'everysec');
      return group;
    } catch (error) {
      await group.destroy();
      throw error;
    }
  }

  /** `host:port` of every sentinel, as `AJEL_REDIS_SENTINELS` takes them. */
  get sentinels(): string[] {
    return this.members.filter((member) => member.role === 'sentinel').map((member) => `127.0.0.1:${member.port}`);
  }

  get masterName(): string {
    return MASTER_NAME;
  }

  /** The port of the server the sentinels now name as primary. */
  async primaryPort(): Promise<number> {
    const sentinel = this.members.find((member) => member.role === 'sentinel' && member.process)!;
    const client = createClient({ socket: { host: '127.0.0.1', port: sentinel.port } });
    await client.connect();
    try {
      const [, port] = (await client.sendCommand(['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER_NAME])) as [string, string];
      return Number(port);
    } finally {
      client.destroy();
    }
  }

  /** Kills the primary at once (SIGKILL: no last write to disk, no goodbye to replicas), and resolves when the sentinels have promoted another. */
  async killPrimary(): Promise<{ killed: number; promoted: number }> {
    const killed = await this.primaryPort();
    const member = this.members.find((candidate) => candidate.port === killed)!;
    await stopMember(member, 'SIGKILL');
    const promoted = await this.until(async () => {
      const port = await this.primaryPort();
      return port !== killed ? port : undefined;
    }, 30_000, 'a replica promoted');
    return { killed, promoted };
  }

  /** Stops every server but the primary; returns their ports, for `restart`. */
  async stopReplicas(): Promise<number[]> {
    const primary = await this.primaryPort();
    const replicas = this.members.filter((member) => member.role !== 'sentinel' && member.port !== primary && member.process);
    await Promise.all(replicas.map((member) => stopMember(member, 'SIGKILL')));
    return replicas.map((member) => member.port);
  }

  /**
   * Starts a killed server again as a replica of the current primary, as a real one comes back from
   * the configuration file its sentinels rewrote. (Started as a primary, it would wait 8 s or more for
   * the sentinels to demote it, then resynchronise: longer than a test should depend on.)
   */
  async restart(port: number): Promise<void> {
    const member = this.members.find((candidate) => candidate.port === port)!;
    const primary = await this.primaryPort();
    await this.spawnMember(member, [...this.serverArgs(member.port, 'everysec'), '--replicaof', '127.0.0.1', String(primary)]);
  }

  async destroy(): Promise<void> {
    await Promise.all(this.members.map((member) => stopMember(member, 'SIGKILL')));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async launch(replicas: number, sentinels: number, appendfsync: 'always' | 'everysec'): Promise<void> {
    const primary: Member = { role: 'primary', port: await freePort() };
    this.members.push(primary);
    await this.spawnMember(primary, this.serverArgs(primary.port, appendfsync));
    for (let i = 0; i < replicas; i++) {
      const replica: Member = { role: 'replica', port: await freePort() };
      this.members.push(replica);
      await this.spawnMember(replica, [...this.serverArgs(replica.port, appendfsync), '--replicaof', '127.0.0.1', String(primary.port)]);
    }
    await this.until(async () => ((await this.info(primary.port, 'replication')).match(/state=online/g)?.length ?? 0) === replicas || undefined, 15_000, 'replicas in sync');
    for (let i = 0; i < sentinels; i++) {
      const sentinel: Member = { role: 'sentinel', port: await freePort() };
      this.members.push(sentinel);
      const config = join(this.dir, `sentinel-${sentinel.port}.conf`);
      writeFileSync(
        config,
        [
          `port ${sentinel.port}`,
          'bind 127.0.0.1',
          `dir ${this.dir}`,
          `sentinel monitor ${MASTER_NAME} 127.0.0.1 ${primary.port} ${Math.floor(sentinels / 2) + 1}`,
          `sentinel down-after-milliseconds ${MASTER_NAME} 1000`,
          `sentinel failover-timeout ${MASTER_NAME} 5000`,
          `sentinel parallel-syncs ${MASTER_NAME} 1`,
          '',
        ].join('\n'),
      );
      await this.spawnMember(sentinel, [config, '--sentinel']);
    }
    for (const sentinel of this.members.filter((member) => member.role === 'sentinel')) {
      await this.until(async () => {
        const info = await this.info(sentinel.port, 'sentinel');
        return new RegExp(`name=${MASTER_NAME},status=ok,address=127\\.0\\.0\\.1:${primary.port},slaves=${replicas},sentinels=${sentinels}`).test(info) || undefined;
      }, 20_000, `sentinel ${sentinel.port} knowing the group`);
    }
  }

  /** Each server keeps its data folder across a restart, as a real one keeps its disk. */
  private serverArgs(port: number, appendfsync: 'always' | 'everysec'): string[] {
    const dir = join(this.dir, `server-${port}`);
    mkdirSync(dir, { recursive: true });
    return ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', appendfsync, '--dir', dir];
  }

  private async spawnMember(member: Member, args: string[]): Promise<void> {
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    member.process = child;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const ready = member.role === 'sentinel' ? /Sentinel ID is|monitor master/ : /Ready to accept connections/;
      const onData = (chunk: Buffer) => {
        output += chunk;
        if (ready.test(output)) {
          child.stdout!.off('data', onData);
          child.stdout!.resume();
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`redis-server (${member.role} on ${member.port}) exited with ${code}: ${output}`)));
      child.once('error', reject);
    });
  }

  private async info(port: number, section: string): Promise<string> {
    const client = createClient({ socket: { host: '127.0.0.1', port, reconnectStrategy: false } });
    client.on('error', () => {});
    await client.connect();
    try {
      return await client.info(section);
    } finally {
      client.destroy();
    }
  }

  private async until<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await check().catch(() => undefined);
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`Redis Sentinel: timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function stopMember(member: Member, signal: NodeJS.Signals): Promise<void> {
  const child = member.process;
  member.process = undefined;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}
