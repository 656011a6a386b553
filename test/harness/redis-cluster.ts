import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import type { RedisTopology } from '../../server/store/redis-connection.js';
import { freePort } from './redis.js';

interface ClusterNode {
  port: number;
  /** The cluster bus port, chosen too: the default (port + 10000) may be taken or past 65535. */
  busPort: number;
  dir: string;
  process: ChildProcess;
}

/**
 * A private Redis Cluster of `primaries` primaries, each with `replicas` replicas (none by default), from the Debian `redis-server`,
 * on free ports, created with `redis-cli --cluster create` and ready (`cluster_state:ok` on every
 * node) when `start` resolves. One per test file: it takes about a second to start.
 */
export class TestRedisCluster {
  private constructor(
    private readonly nodes: ClusterNode[],
    private readonly replicas: number,
  ) {}

  static async start(options: { primaries?: number; replicas?: number } = {}): Promise<TestRedisCluster> {
    const replicas = options.replicas ?? 0;
    const count = (options.primaries ?? 3) * (1 + replicas);
    const nodes: ClusterNode[] = [];
    const ports = new Set<number>();
    while (ports.size < count * 2) ports.add(await freePort());
    const [mains, buses] = [[...ports].slice(0, count), [...ports].slice(count)];
    try {
      for (let i = 0; i < count; i++) nodes.push(await startNode(mains[i], buses[i]));
      const cluster = new TestRedisCluster(nodes, replicas);
      const create = spawnSync(
        'redis-cli',
        ['--cluster', 'create', ...nodes.map((node) => `127.0.0.1:${node.port}`), '--cluster-replicas', String(replicas), '--cluster-yes'],
        { encoding: 'utf8', timeout: 30_000 },
      );
      if (create.status !== 0) throw new Error(`redis-cli --cluster create failed: ${create.stdout}${create.stderr}`);
      await cluster.waitUntilOk();
      return cluster;
    } catch (error) {
      await Promise.all(nodes.map(stopNode));
      throw error;
    }
  }

  get seeds(): string[] {
    return this.nodes.map((node) => `redis://127.0.0.1:${node.port}`);
  }

  get topology(): RedisTopology {
    return { mode: 'cluster', seeds: this.seeds };
  }

  get ports(): number[] {
    return this.nodes.map((node) => node.port);
  }

  /** The primary that serves `key`'s slot, and its replicas, by port. */
  async serversOf(key: string): Promise<{ primary: number; replicas: number[] }> {
    return askNode(this.nodes[0].port, async (client) => {
      const slot = await client.sendCommand<number>(['CLUSTER', 'KEYSLOT', key]);
      const ranges = await client.sendCommand<Array<[number, number, ...Array<[string, number, string]>]>>(['CLUSTER', 'SLOTS']);
      const range = ranges.find(([start, end]) => slot >= start && slot <= end);
      if (!range) throw new Error(`no server serves slot ${slot}`);
      const [, , primary, ...replicas] = range;
      return { primary: primary[1], replicas: replicas.map((replica) => replica[1]) };
    });
  }

  /** Kills the server on `port` (SIGKILL, as a crash). */
  async kill(port: number): Promise<void> {
    const node = this.nodes.find((candidate) => candidate.port === port);
    if (!node) throw new Error(`no cluster server on port ${port}`);
    await new Promise<void>((resolve) => {
      if (node.process.exitCode !== null || node.process.signalCode !== null) return resolve();
      node.process.once('exit', () => resolve());
      node.process.kill('SIGKILL');
    });
  }

  /**
   * Until every node says `cluster_state:ok`, they agree on who serves every slot, and every slot's
   * primary has its replicas, each with its link to the primary up.
   */
  async waitUntilOk(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const views = await Promise.all(this.nodes.map((node) => askNode(node.port, async (client) => {
        const info = await client.sendCommand<string>(['CLUSTER', 'INFO']);
        const slots = await client.sendCommand<unknown[][]>(['CLUSTER', 'SLOTS']);
        const replication = await client.sendCommand<string>(['INFO', 'replication']);
        const linked = !replication.includes('role:slave') || replication.includes('master_link_status:up');
        const replicated = slots.every((range) => range.length - 3 === this.replicas);
        return info.includes('cluster_state:ok') && linked && replicated ? JSON.stringify(slots) : undefined;
      }).catch(() => undefined)));
      if (views.every((view) => view !== undefined && view === views[0])) return;
      if (Date.now() > deadline) throw new Error(`the test cluster did not reach cluster_state:ok in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async destroy(): Promise<void> {
    await Promise.all(this.nodes.map(stopNode));
  }
}

/** Runs `use` on a plain (non-cluster) connection to one node, closed afterwards. */
export async function askNode<T>(port: number, use: (client: ReturnType<typeof createClient>) => Promise<T>): Promise<T> {
  const client = createClient({ url: `redis://127.0.0.1:${port}`, socket: { reconnectStrategy: false } });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await use(client);
  } finally {
    client.destroy();
  }
}

async function startNode(port: number, busPort: number): Promise<ClusterNode> {
  const dir = mkdtempSync(join(tmpdir(), 'ajel-cluster-'));
  const child = spawn(
    'redis-server',
    [
      '--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-port', String(busPort),
      '--cluster-config-file', join(dir, 'nodes.conf'), '--cluster-node-timeout', '5000',
      '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec', '--dir', dir,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
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
    child.once('exit', (code) => reject(new Error(`redis-server (cluster node) exited with ${code}: ${output}`)));
    child.once('error', reject);
  });
  return { port, busPort, dir, process: child };
}

async function stopNode(node: ClusterNode): Promise<void> {
  const child = node.process;
  if (child.exitCode === null && child.signalCode === null) {
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
  rmSync(node.dir, { recursive: true, force: true });
}
