// Preloaded (`--import`) into a server under test. Over the IPC channel the bench opened, it
// answers `{ probe: 'memory' }` with process.memoryUsage() taken after full garbage collections,
// so memory per connection counts live objects only. Needs --expose-gc.

import { setImmediate as nextTurn } from 'node:timers/promises';

export interface MemoryProbeReply {
  probe: 'memory';
  usage: NodeJS.MemoryUsage;
}

const collect = (globalThis as { gc?: () => void }).gc;

if (process.send && collect) {
  process.on('message', async (message: { probe?: string }) => {
    if (message?.probe !== 'memory') return;
    for (let round = 0; round < 3; round++) {
      collect();
      await nextTurn();
    }
    process.send!({ probe: 'memory', usage: process.memoryUsage() } satisfies MemoryProbeReply);
  });
}
