import connections from './connections';
import ecwid from './ecwid';
import jobs from './jobs';
import ledgerMappings from './ledger-mappings';
import mailchimp from './mailchimp';
import oauth from './oauth';
import posting from './posting';
import providerSettings from './provider-settings';
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
  syncRuns,
};

export type Services = typeof services;
export default services;
