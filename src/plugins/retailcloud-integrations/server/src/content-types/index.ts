import integrationConnection from './integration-connection';
import jobLock from './job-lock';
import oauthState from './oauth-state';
import syncRun from './sync-run';

export default {
  'integration-connection': integrationConnection,
  'oauth-state': oauthState,
  'sync-run': syncRun,
  'job-lock': jobLock,
};
