import { MemoryStore } from '../../server/store/memory.js';
import { partnersContract } from '../contract/partners.contract.js';
import { storeContract } from '../contract/store.contract.js';

storeContract('embedded in-memory', async (limits) => new MemoryStore({ limits }));
partnersContract('embedded in-memory', async () => new MemoryStore());
