import { productionDeps } from './bindings';
import { createWorker } from './worker';

export default createWorker(productionDeps);
