// The server: `node --import tsx server/main.ts`. (`npm start` runs demo/main.ts, which starts it
// the same way and the demo partner's own site beside it.)
import { configFromEnvironment, startAjel } from './start.js';

const ajel = await startAjel(configFromEnvironment());
if (ajel.pages) ajel.logger.info(`demo: publisher ${ajel.url}/ · editor console ${ajel.url}/console`);
