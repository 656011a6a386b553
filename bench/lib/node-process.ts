import { spawn, type ChildProcess, type Serializable } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Starts `node <args>` with an IPC channel and its open-files soft limit raised to the hard limit,
 * so one process can hold as many sockets as the machine allows.
 */
export function spawnNode(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; serialization?: 'json' | 'advanced'; output?: 'inherit' | 'pipe' } = {},
): ChildProcess {
  const output = options.output ?? 'pipe';
  return spawn('sh', ['-c', 'ulimit -n "$(ulimit -H -n)" && exec "$0" "$@"', process.execPath, ...args], {
    cwd: ROOT,
    env: options.env ?? process.env,
    stdio: ['ignore', output, output, 'ipc'],
    serialization: options.serialization ?? 'json',
  });
}

/** The next IPC message that `accept` returns a value for. */
export function nextMessage<T>(child: ChildProcess, accept: (message: any) => T | undefined, timeoutMs: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
    const onMessage = (message: Serializable) => {
      const value = accept(message);
      if (value !== undefined) finish(undefined, value);
    };
    const onExit = (code: number | null, signal: string | null) => finish(new Error(`process exited (${signal ?? code}) while waiting for ${what}`));
    function finish(error: Error | undefined, value?: T) {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(value as T);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Asks the process to stop (by default with SIGTERM), then kills it if it has not within `graceMs`. */
export async function stopProcess(child: ChildProcess, options: { graceMs?: number; ask?: () => void } = {}): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  (options.ask ?? (() => child.kill('SIGTERM')))();
  const timer = setTimeout(() => child.kill('SIGKILL'), options.graceMs ?? 10_000);
  await exited;
  clearTimeout(timer);
}
