/** The Ecwid sandbox store. Tokens are issued for this store only. */
export const ECWID_SANDBOX_STORE_ID = 1003;

export interface EcwidStore {
  storeId: number;
  storeName: string;
  storeUrl: string;
  email: string;
  companyName: string;
  currency: string;
  timezone: string;
  countryCode: string;
}

export type EcwidPlan = 'paid' | 'free';

export class EcwidSandboxState {
  readonly store: EcwidStore = {
    storeId: ECWID_SANDBOX_STORE_ID,
    storeName: 'Demo Retail Online',
    storeUrl: 'https://demo-retail.company.site',
    email: 'owner@demo-retail.example',
    companyName: 'Demo Retail Ltd',
    currency: 'GBP',
    timezone: 'Europe/London',
    countryCode: 'GB',
  };
  /** The REST API is for paid plans; on 'free' every API call answers 402. */
  plan: EcwidPlan = 'paid';

  setPlan(plan: EcwidPlan): void {
    this.plan = plan;
  }
}
