import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const AJEL = fileURLToPath(new URL('../../bin/ajel.js', import.meta.url));

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs bin/ajel.js with plain node, as a script would, with only the given AJEL_ variables. */
export function ajel(args: string[], env: Record<string, string | undefined> = {}, input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AJEL_')));
    const child = spawn(process.execPath, [AJEL, ...args], { env: { ...clean, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** A failure: the given exit code, nothing on stdout and exactly one line on stderr. */
export function assertFailure(run: Run, code: number, pattern: RegExp): void {
  assert.equal(run.code, code, `exit code (stderr: ${run.stderr})`);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^ajel: [^\n]+\n$/, 'one line on stderr');
  assert.match(run.stderr, pattern);
}
