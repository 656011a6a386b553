import { readdirSync, readFileSync } from 'node:fs';

// Linux /proc readings of a process under test, taken from outside so measuring costs it nothing.

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * Other work on the machine (another test suite, a build) averaging more than this share of a core
 * while a benchmark measures disturbs it: runs wait for the machine to be quieter than this first,
 * and one disturbed all the same is marked (and in the fan-out, run again).
 */
export const DISTURBED_CORES = 0.25;

/** User + system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields counted below start after its ")".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/**
 * CPU seconds the whole machine has spent running processes (user, nice, system) or lost to other
 * virtual machines (steal), summed over its cores. Interrupt time is left out: the benchmark's own
 * loopback traffic is handled there and belongs to no process.
 */
export function machineBusySeconds(): number {
  const [user, nice, system, , , , , steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return (user + nice + system + steal) / CLOCK_TICKS_PER_SECOND;
}

/** The hard limit on open files: how many sockets one process can hold at most. */
export function openFilesHardLimit(): number {
  const match = /^Max open files\s+\S+\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
  return !match || match[1] === 'unlimited' ? Infinity : Number(match[1]);
}

const KERNEL_THREADS_PARENT = 2;

/**
 * This process and all its descendants (the servers, generators and browsers it started), and the
 * kernel's own threads, whose work (network, memory) the benchmark's traffic causes.
 */
function ownAndKernelProcesses(): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      (children.get(parent) ?? children.set(parent, []).get(parent)!).push(Number(entry));
    } catch {
      // The process ended while the list was read.
    }
  }
  const own = [process.pid];
  for (let index = 0; index < own.length; index++) own.push(...(children.get(own[index]) ?? []));
  return [...own, KERNEL_THREADS_PARENT, ...(children.get(KERNEL_THREADS_PARENT) ?? [])];
}

function cpuSecondsOf(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      total += cpuSeconds(pid);
    } catch {
      // Ended meanwhile; what it used is no longer counted anywhere, so leave it out on both ends.
    }
  }
  return total;
}

/**
 * Starts measuring the CPU that other processes (not this one, what it started or the kernel) use
 * on the machine; the function it returns gives their CPU seconds since, and the cores that averages.
 */
export function foreignCpuMeter(): () => { seconds: number; cores: number } {
  const own = ownAndKernelProcesses();
  const startedAt = performance.now();
  const machineAtStart = machineBusySeconds();
  const ownAtStart = cpuSecondsOf(own);
  return () => {
    const seconds = Math.max(0, machineBusySeconds() - machineAtStart - (cpuSecondsOf(own) - ownAtStart));
    return { seconds, cores: seconds / ((performance.now() - startedAt) / 1000) };
  };
}

/**
 * Waits (up to `maxWaitMs`) until other processes use less than `cores` of the CPU over a couple of
 * seconds, so that a measurement does not start in the middle of someone else's build or test run.
 */
export async function waitForQuietMachine(cores: number, maxWaitMs: number, log: (line: string) => void): Promise<void> {
  if (maxWaitMs <= 0) return;
  const deadline = performance.now() + maxWaitMs;
  for (let waited = false; ; waited = true) {
    const meter = foreignCpuMeter();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const busy = meter().cores;
    if (busy < cores) return;
    if (performance.now() > deadline) {
      log(`  other work still takes ${busy.toFixed(2)} cores; measuring anyway`);
      return;
    }
    if (!waited) log(`  other work takes ${busy.toFixed(2)} cores; waiting for it to finish...`);
  }
}
