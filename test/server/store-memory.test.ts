import { MemoryStore } from '../../server/store/memory.js';
import { partnersContract } from '../contract/partners.contract.js';
import { sourcesContract } from '../contract/sources.contract.js';
import { statsContract } from '../contract/stats.contract.js';
import { scheduleContract } from '../contract/schedule.contract.js';
import { storeContract } from '../contract/store.contract.js';
import { webhooksContract } from '../contract/webhooks.contract.js';
import { workContract } from '../contract/work.contract.js';
import { pushContract } from '../contract/push.contract.js';

storeContract('embedded in-memory', async (limits) => new MemoryStore({ limits }));
partnersContract('embedded in-memory', async () => new MemoryStore());
workContract('embedded in-memory', async () => new MemoryStore());
pushContract('embedded in-memory', async () => new MemoryStore());
webhooksContract('embedded in-memory', async () => new MemoryStore());
sourcesContract('embedded in-memory', async () => new MemoryStore());
scheduleContract('embedded in-memory', async () => new MemoryStore());
statsContract('embedded in-memory', async (limits) => new MemoryStore({ limits }));
