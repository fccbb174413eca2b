import { MailchimpAudienceState } from './audience-state';

/** The Mailchimp sandbox account: one account in data centre us19, reachable by OAuth token or API key. */
export const MAILCHIMP_DC = 'us19';
export const MAILCHIMP_SANDBOX_API_KEY = `0123456789abcdef0123456789abcdef-${MAILCHIMP_DC}`;

export interface MailchimpAccount {
  account_id: string;
  login_id: string;
  account_name: string;
  email: string;
  first_name: string;
  last_name: string;
  username: string;
  role: 'owner';
  member_since: string;
  pricing_plan_type: string;
  account_timezone: string;
  account_industry: string;
  contact: { company: string; addr1: string; city: string; state: string; zip: string; country: string };
  total_subscribers: number;
}

export class MailchimpSandboxState {
  readonly dc = MAILCHIMP_DC;
  readonly account: MailchimpAccount = {
    account_id: '8d3a3db4d97663a9074efcc16',
    login_id: '117391623',
    account_name: 'Demo Retail Shop',
    email: 'owner@demo-retail.example',
    first_name: 'Dana',
    last_name: 'Owner',
    username: 'demoretail',
    role: 'owner',
    member_since: '2024-03-01T10:00:00+00:00',
    pricing_plan_type: 'monthly',
    account_timezone: 'Europe/London',
    account_industry: 'Retail',
    contact: {
      company: 'Demo Retail Ltd',
      addr1: '1 High Street',
      city: 'London',
      state: '',
      zip: 'N1 1AA',
      country: 'GB',
    },
    total_subscribers: 0,
  };
  /** audiences, members, templates, campaigns and reports */
  readonly audience = new MailchimpAudienceState();
  /** API keys that authenticate (HTTP Basic anystring:<key>); each ends with -<dc> */
  readonly apiKeys: string[] = [MAILCHIMP_SANDBOX_API_KEY];

  addApiKey(key: string): void {
    if (!this.apiKeys.includes(key)) this.apiKeys.push(key);
  }

  revokeApiKey(key: string): void {
    const index = this.apiKeys.indexOf(key);
    if (index >= 0) this.apiKeys.splice(index, 1);
  }
}
