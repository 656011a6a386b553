// `npm run bench [-- fanout|nodes|widget|host|bundle|abuse] [--smoke] [--out=DIR] [--sizes=1000,5000] [--targets=bare,ajel-redis] [--cpu-prof=DIR]
//   [--seconds=20] [--attacks=key-guessing,http-read-flood]` (the last two for abuse)
// Runs the benchmarks, prints their tables and writes bench/results/<suite>.json and .md.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ABUSE_FULL, ABUSE_SMOKE, formatAbuse, runAbuse } from './abuse/abuse.js';
import { ATTACKS, type AttackName } from './abuse/messages.js';
import { runBundle, formatBundle } from './bundle/bundle.js';
import { FANOUT_FULL, FANOUT_SMOKE, FANOUT_TARGETS, formatFanout, NODES_FULL, NODES_SMOKE, runFanout, type FanoutTarget } from './fanout/fanout.js';
import { ROOT } from './lib/node-process.js';
import { describeMachine, machineLine } from './lib/machine.js';
import { formatHost, HOST_FULL, HOST_SMOKE, runHost } from './host/host.js';
import { formatWidget, runWidget, WIDGET_FULL, WIDGET_SMOKE } from './widget/widget.js';

const SUITES = ['bundle', 'fanout', 'nodes', 'widget', 'host', 'abuse'] as const;
type Suite = (typeof SUITES)[number];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    smoke: { type: 'boolean', default: false },
    out: { type: 'string', default: join(ROOT, 'bench/results') },
    sizes: { type: 'string' },
    targets: { type: 'string' },
    'cpu-prof': { type: 'string' },
    seconds: { type: 'string' },
    attacks: { type: 'string' },
  },
});

const unknown = positionals.filter((name) => !(SUITES as readonly string[]).includes(name));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark ${unknown.join(', ')}: choose from ${SUITES.join(', ')}\n`);
  process.exit(2);
}
const suites = positionals.length > 0 ? (positionals as Suite[]) : [...SUITES];
const log = (line: string) => process.stderr.write(`${line}\n`);

async function runSuite(suite: Suite): Promise<{ result: unknown; table: string }> {
  switch (suite) {
    case 'fanout':
    case 'nodes': {
      const [full, smoke] = suite === 'fanout' ? [FANOUT_FULL, FANOUT_SMOKE] : [NODES_FULL, NODES_SMOKE];
      const options = { ...(values.smoke ? smoke : full) };
      if (values.sizes) options.sizes = values.sizes.split(',').map(Number);
      if (values.targets) {
        const named = values.targets.split(',').map((name) => name.trim());
        const unknownTargets = named.filter((name) => !(FANOUT_TARGETS as readonly string[]).includes(name));
        if (unknownTargets.length > 0) throw new Error(`unknown fan-out target ${unknownTargets.join(', ')}: choose from ${FANOUT_TARGETS.join(', ')}`);
        options.targets = named as FanoutTarget[];
      }
      if (values['cpu-prof']) options.cpuProfileDir = values['cpu-prof'];
      const result = await runFanout(options, log);
      return { result, table: formatFanout(result) };
    }
    case 'widget': {
      const result = await runWidget({ ...(values.smoke ? WIDGET_SMOKE : WIDGET_FULL), screenshotDir: values.out }, log);
      return { result, table: formatWidget(result) };
    }
    case 'host': {
      const result = await runHost({ ...(values.smoke ? HOST_SMOKE : HOST_FULL), screenshotDir: values.out }, log);
      return { result, table: formatHost(result) };
    }
    case 'abuse': {
      const options = { ...(values.smoke ? ABUSE_SMOKE : ABUSE_FULL) };
      if (values.seconds) {
        const seconds = Math.round(Number(values.seconds));
        if (!(seconds >= 1)) throw new Error(`--seconds must be a whole number of seconds, 1 or more (got ${values.seconds})`);
        options.seconds = seconds;
      }
      if (values.attacks) {
        const named = values.attacks.split(',').map((name) => name.trim());
        const wrong = named.filter((name) => !(ATTACKS as readonly string[]).includes(name));
        if (wrong.length > 0) throw new Error(`unknown attack ${wrong.join(', ')}: choose from ${ATTACKS.join(', ')}`);
        options.attacks = named as AttackName[];
      }
      const result = await runAbuse(options, log);
      return { result, table: formatAbuse(result) };
    }
    case 'bundle': {
      const result = await runBundle(log);
      return { result, table: formatBundle(result) };
    }
  }
}

const machine = describeMachine();
mkdirSync(values.out, { recursive: true });
for (const suite of suites) {
  const started = new Date();
  const { result, table } = await runSuite(suite);
  const heading = `### ${suite}\n\n${started.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machineLine(machine)}${values.smoke ? ' (smoke run)' : ''}`;
  const markdown = `${heading}\n\n${table}\n`;
  writeFileSync(join(values.out, `${suite}.json`), `${JSON.stringify({ suite, smoke: values.smoke, at: started.toISOString(), machine, result }, null, 2)}\n`);
  writeFileSync(join(values.out, `${suite}.md`), markdown);
  process.stdout.write(`\n${markdown}\n`);
}
