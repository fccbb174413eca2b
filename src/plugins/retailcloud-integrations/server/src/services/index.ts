import connections from './connections';
import oauth from './oauth';
import providerSettings from './provider-settings';
import syncRuns from './sync-runs';

const services = {
  connections,
  oauth,
  providerSettings,
  syncRuns,
};

export type Services = typeof services;
export default services;
