import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { loadConfig } from '../../server/config.js';
import { freePort } from '../harness/redis.js';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    assert.equal(config.port, 8080);
    assert.equal(config.redis, undefined);
    assert.equal(config.redisMigrate, false);
    assert.deepEqual(config.editorKeys, []);
    assert.deepEqual(config.corsOrigins, ['*']);
    assert.ok(config.channels.includes('ar-main'));
    assert.equal(config.demoPartnerPort, 8081);
  });

  it('parses editor keys with names and channel limits, keeping only hashes', () => {
    const config = loadConfig({ AJEL_EDITOR_KEYS: 'alice:s3cret, bob:t0ken@ar-main|ar-sport, anonymous-key' });
    assert.deepEqual(config.editorKeys.map((k) => [k.name, k.channels]), [
      ['alice', undefined],
      ['bob', ['ar-main', 'ar-sport']],
      [config.editorKeys[2].name, undefined],
    ]);
    assert.match(config.editorKeys[2].name, /^key-[0-9a-f]{8}$/);
    assert.ok(!JSON.stringify(config).includes('s3cret'));
  });

  it('reads one Redis, or a Cluster from one or several seed nodes', () => {
    assert.deepEqual(loadConfig({ REDIS_URL: 'redis://r1:6379' }).redis, { mode: 'single', url: 'redis://r1:6379' });
    assert.deepEqual(loadConfig({ REDIS_URL: 'redis://r1:7000, rediss://r2:7000', AJEL_REDIS_MODE: 'cluster' }).redis, {
      mode: 'cluster',
      seeds: ['redis://r1:7000', 'rediss://r2:7000'],
    });
    assert.deepEqual(loadConfig({ REDIS_URL: 'redis://r1:7000', AJEL_REDIS_MODE: 'cluster' }).redis, { mode: 'cluster', seeds: ['redis://r1:7000'] });
    const sentinel = loadConfig({ AJEL_REDIS_MODE: 'sentinel', AJEL_REDIS_SENTINELS: 's1:26379, [::1]:26380', AJEL_REDIS_MASTER_NAME: 'news', AJEL_REDIS_MIN_REPLICAS: '1' });
    assert.deepEqual(sentinel.redis, { mode: 'sentinel', sentinels: [{ host: 's1', port: 26379 }, { host: '::1', port: 26380 }], masterName: 'news' });
    assert.deepEqual(sentinel.redisDurability, { minReplicas: 1, waitTimeoutMs: 1000 });
    assert.deepEqual(loadConfig({}).redisDurability, { minReplicas: 0, waitTimeoutMs: 1000 });
    assert.equal(loadConfig({ REDIS_URL: 'redis://r1', AJEL_REDIS_MIGRATE: 'on' }).redisMigrate, true);
  });

  const bad: Array<[Record<string, string>, RegExp]> = [
    [{ AJEL_REDIS_MODE: 'sharded' }, /AJEL_REDIS_MODE/],
    [{ AJEL_REDIS_MODE: 'sentinel' }, /AJEL_REDIS_SENTINELS: AJEL_REDIS_MODE=sentinel needs the sentinels/],
    [{ AJEL_REDIS_MODE: 'sentinel', AJEL_REDIS_SENTINELS: 's1:26379', REDIS_URL: 'redis://r1:6379' }, /REDIS_URL: with AJEL_REDIS_MODE=sentinel/],
    [{ AJEL_REDIS_SENTINELS: 's1:26379' }, /AJEL_REDIS_SENTINELS: is for AJEL_REDIS_MODE=sentinel/],
    [{ AJEL_REDIS_MODE: 'sentinel', AJEL_REDIS_SENTINELS: 's1' }, /AJEL_REDIS_SENTINELS.*host:port/],
    [{ AJEL_REDIS_MODE: 'sentinel', AJEL_REDIS_SENTINELS: 's1:70000' }, /AJEL_REDIS_SENTINELS.*1-65535/],
    [{ AJEL_REDIS_MIN_REPLICAS: '11' }, /AJEL_REDIS_MIN_REPLICAS/],
    [{ AJEL_REDIS_MODE: 'cluster' }, /REDIS_URL: AJEL_REDIS_MODE=cluster needs one or more seed nodes/],
    [{ REDIS_URL: 'redis://r1:7000,redis://r2:7000' }, /REDIS_URL: names 2 servers: several seed nodes are for AJEL_REDIS_MODE=cluster/],
    [{ REDIS_URL: 'redis://r1:7000,http://r2:7000', AJEL_REDIS_MODE: 'cluster' }, /REDIS_URL/],
    [{ REDIS_URL: 'redis://r1:7000/2', AJEL_REDIS_MODE: 'cluster' }, /REDIS_URL: redis:\/\/r1:7000\/2: a Cluster has only database 0/],
    [{ AJEL_REDIS_MIGRATE: 'yes' }, /AJEL_REDIS_MIGRATE/],
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ REDIS_URL: 'http://localhost:6379' }, /REDIS_URL/],
    [{ AJEL_EDITOR_KEYS: 'alice:shrt' }, /AJEL_EDITOR_KEYS: entry 1: key must be 5-256/],
    [{ AJEL_EDITOR_KEYS: 'al ice:s3cret' }, /AJEL_EDITOR_KEYS/],
    [{ AJEL_EDITOR_KEYS: 'alice:s3cret@Not_A_Slug' }, /channels after "@"/],
    [{ AJEL_CHANNELS: 'ar-main,AR MAIN' }, /AJEL_CHANNELS/],
    [{ AJEL_CORS_ORIGINS: 'ftp://example.com' }, /AJEL_CORS_ORIGINS/],
    [{ AJEL_MAX_HEADLINES: '0' }, /AJEL_MAX_HEADLINES/],
    [{ AJEL_URGENT_TTL: '-1' }, /AJEL_URGENT_TTL/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ AJEL_PUBLIC_URL: 'ticker.example.com' }, /AJEL_PUBLIC_URL: must be an absolute http/],
    [{ AJEL_PUBLIC_URL: 'javascript:alert(1)' }, /AJEL_PUBLIC_URL/],
    [{ AJEL_PUBLIC_URL: 'ftp://ticker.example.com/' }, /AJEL_PUBLIC_URL/],
    [{ AJEL_PUBLIC_URL: 'https://user:pw@ticker.example.com/' }, /AJEL_PUBLIC_URL: must not contain credentials/],
    [{ AJEL_PUBLIC_URL: 'https://ticker.example.com/?x=1' }, /AJEL_PUBLIC_URL: must not contain credentials, a query/],
    [{ AJEL_CHANNEL_LANGUAGE: 'Arabic' }, /AJEL_CHANNEL_LANGUAGE/],
    [{ AJEL_OUTBOUND_ALLOW: '10.0.0.0/40' }, /AJEL_OUTBOUND_ALLOW: "10.0.0.0\/40": the prefix/],
    [{ AJEL_OUTBOUND_ALLOW: 'http://feeds.internal' }, /AJEL_OUTBOUND_ALLOW: "http:\/\/feeds.internal" is not a host/],
    [{ AJEL_DEMO_PARTNER_PORT: '0' }, /AJEL_DEMO_PARTNER_PORT/],
    [{ AJEL_DEMO_PARTNER_PORT: 'next' }, /AJEL_DEMO_PARTNER_PORT/],
    [{ AJEL_STATS_BEACON_RATE: '0' }, /AJEL_STATS_BEACON_RATE/],
    [{ AJEL_STATS_BEACON_RATE: 'many' }, /AJEL_STATS_BEACON_RATE/],
  ];

  it('takes the stats beacons one address may send a minute, 20 by default', () => {
    assert.deepEqual([loadConfig({}).statsBeaconsPerMinute, loadConfig({ AJEL_STATS_BEACON_RATE: '6' }).statsBeaconsPerMinute], [20, 6]);
  });

  it('takes the private hosts and ranges outbound requests may reach, none by default', () => {
    assert.deepEqual(loadConfig({}).outboundAllow, { hosts: [], ranges: [] });
    assert.deepEqual(loadConfig({ AJEL_OUTBOUND_ALLOW: '127.0.0.1, 10.0.0.0/8,feeds.internal' }).outboundAllow, {
      hosts: ['feeds.internal'],
      ranges: [['127.0.0.1', 32], ['10.0.0.0', 8]],
    });
  });

  it('takes a public base URL without its trailing slash, and a channel language', () => {
    const config = loadConfig({ AJEL_PUBLIC_URL: 'https://Ticker.Example.com/news/', AJEL_CHANNEL_LANGUAGE: 'en-gb' });
    assert.equal(config.publicUrl, 'https://ticker.example.com/news');
    assert.equal(config.channelLanguage, 'en-GB');
    assert.deepEqual([loadConfig({}).publicUrl, loadConfig({}).channelLanguage], [undefined, 'ar']);
  });
  for (const [env, message] of bad) {
    it(`refuses ${JSON.stringify(env)} with a message naming it`, () => {
      assert.throws(() => loadConfig(env), message);
    });
  }

  it('stops the server at start-up with exit code 2 on a bad value', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: { ...process.env, PORT: 'nope' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    assert.equal(code, 2);
    assert.match(stderr, /invalid configuration:\n\s+PORT/);
  });

  it('starts on the embedded store, says so, and makes a development key', async () => {
    const port = await freePort();
    const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', REDIS_URL: '', AJEL_EDITOR_KEYS: '', NODE_ENV: '' };
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    try {
      const deadline = Date.now() + 15_000;
      while (!stdout.includes('is listening')) {
        if (Date.now() > deadline) throw new Error(`no start: ${stdout}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
      assert.ok(lines.some((l) => l.store === 'memory' && /REDIS_URL is not set/.test(l.msg)));
      const key = lines.find((l) => typeof l.key === 'string')?.key;
      assert.match(key, /^dev-/);
      const response = await fetch(`http://127.0.0.1:${port}/api/channels/ar-main/headlines`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ text: 'يعمل' }),
      });
      assert.equal(response.status, 201);
      const listed = (await (await fetch(`http://127.0.0.1:${port}/api/channels/ar-main/headlines`)).json()) as any;
      assert.ok(listed.headlines.length > 1, 'demo headlines are there on the embedded store');
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.on('exit', resolve));
    }
  });
});
