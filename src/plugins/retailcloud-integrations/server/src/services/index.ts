import backgroundRuns from './background-runs';
import clock from './clock';
import connections from './connections';
import ecwid from './ecwid';
import jobs from './jobs';
import ledgerMappings from './ledger-mappings';
import ledgerRoutes from './ledger-routes';
import mailchimp from './mailchimp';
import notifications from './notifications';
import oauth from './oauth';
import posting from './posting';
import providerSettings from './provider-settings';
import syncRetry from './sync-retry';
import syncRuns from './sync-runs';

const services = {
  backgroundRuns,
  clock,
  connections,
  jobs,
  ecwid,
  ledgerMappings,
  ledgerRoutes,
  mailchimp,
  notifications,
  oauth,
  posting,
  providerSettings,
  syncRetry,
  syncRuns,
};

export type Services = typeof services;

/** What getService returns for each name: the object each service factory builds. */
type ServiceInstances = { [K in keyof Services]: ReturnType<Services[K]> };

declare module '../utils/get-service' {
  interface PluginServices extends ServiceInstances {}
}
export default services;
