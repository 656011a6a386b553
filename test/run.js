#!/usr/bin/env node
// `npm test`: sets up what a fresh machine lacks, then runs every suite and prints one summary line.
// Steps: system packages (redis-server, chromium) -> type check -> build -> node tests -> browser tests.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';

function have(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function ensureSystemPackages() {
  const missing = [];
  if (!have('redis-server')) missing.push('redis-server');
  if (!existsSync(CHROMIUM)) missing.push('chromium');
  if (missing.length === 0) return;
  const root = process.getuid?.() === 0;
  if (!root || !have('apt-get')) {
    console.error(`npm test needs ${missing.join(' and ')}: install them (Debian: sudo apt-get install -y ${missing.join(' ')})`);
    process.exit(1);
  }
  console.log(`installing ${missing.join(', ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = spawnSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env });
  if (install.status !== 0) process.exit(install.status ?? 1);
}

/** Runs a command, echoing its output, and returns its exit code with what it printed. */
function run(label, command, args) {
  console.log(`\n== ${label}: ${[command, ...args].join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
      process.stderr.write(chunk);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

function lastNumber(output, pattern) {
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  const matches = [...plain.matchAll(pattern)];
  return matches.length ? Number(matches.at(-1)[1]) : 0;
}

ensureSystemPackages();
const bin = (name) => `node_modules/.bin/${name}`;
const only = process.argv[2];
let passed = 0;
let failed = 0;
let broken = false;

if (!only || only === 'types') {
  const types = await run('type check', bin('tsc'), ['-p', '.']);
  if (types.code !== 0) broken = true;
}
if (!only || only === 'server' || only === 'widget') {
  const build = await run('build', 'npm', ['run', '--silent', 'build']);
  if (build.code !== 0) broken = true;
}
if (!only || only === 'server') {
  const files = readdirSync('test/server').filter((name) => name.endsWith('.test.ts')).map((name) => `test/server/${name}`);
  const server = await run('server tests', 'node', ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files]);
  passed += lastNumber(server.output, /ℹ pass (\d+)/g);
  failed += lastNumber(server.output, /ℹ fail (\d+)/g);
  if (server.code !== 0) broken = true;
}
if (!only || only === 'widget') {
  const widget = await run('browser tests', bin('wtr'), []);
  passed += lastNumber(widget.output, /(\d+) passed, \d+ failed/g);
  failed += lastNumber(widget.output, /\d+ passed, (\d+) failed/g);
  // A file that stalls reports none of its tests: count it as a failure, never as fewer tests.
  const stalled = widget.output.match(/did not finish within \d+ms/g)?.length ?? 0;
  if (stalled > 0) console.error(`${stalled} browser test file(s) stalled and counted as failed`);
  failed += stalled;
  if (widget.code !== 0) broken = true;
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(broken || failed > 0 ? 1 : 0);
