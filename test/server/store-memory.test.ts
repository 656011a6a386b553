import { MemoryStore } from '../../server/store/memory.js';
import { storeContract } from '../contract/store.contract.js';

storeContract('embedded in-memory', async (limits) => new MemoryStore({ limits }));
