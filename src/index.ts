import { productionDeps } from './env';
import { createWorker } from './worker';

export default createWorker(productionDeps);
