import callBudget from './call-budget';
import catalogMapping from './catalog-mapping';
import ecwidSetting from './ecwid-setting';
import integrationConnection from './integration-connection';
import jobLock from './job-lock';
import ledgerMapping from './ledger-mapping';
import ledgerRoute from './ledger-route';
import mailchimpAudience from './mailchimp-audience';
import mailchimpCampaign from './mailchimp-campaign';
import mailchimpMember from './mailchimp-member';
import notification from './notification';
import oauthState from './oauth-state';
import posting from './posting';
import syncRun from './sync-run';
import webhookEvent from './webhook-event';

export default {
  'integration-connection': integrationConnection,
  'oauth-state': oauthState,
  'sync-run': syncRun,
  'job-lock': jobLock,
  'call-budget': callBudget,
  'ledger-mapping': ledgerMapping,
  'ledger-route': ledgerRoute,
  posting,
  'mailchimp-audience': mailchimpAudience,
  'mailchimp-campaign': mailchimpCampaign,
  'mailchimp-member': mailchimpMember,
  'catalog-mapping': catalogMapping,
  'ecwid-setting': ecwidSetting,
  'webhook-event': webhookEvent,
  notification,
};
