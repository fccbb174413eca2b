import connections from './connections';
import ecwid from './ecwid';
import jobs from './jobs';
import ledgerMappings from './ledger-mappings';
import mailchimp from './mailchimp';
import oauth from './oauth';
import posting from './posting';
import providerSettings from './provider-settings';
import syncRetry from './sync-retry';
import syncRuns from './sync-runs';

const services = {
  connections,
  jobs,
  ecwid,
  ledgerMappings,
  mailchimp,
  oauth,
  posting,
  providerSettings,
  syncRetry,
  syncRuns,
};

export type Services = typeof services;
export default services;
