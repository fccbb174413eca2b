import connections from './connections';
import syncRuns from './sync-runs';

const services = {
  connections,
  syncRuns,
};

export type Services = typeof services;
export default services;
