import { z } from 'zod';
import { OAuthServer } from '../core/oauth';
import type { ProviderSandboxFactory } from '../core/types';
import { companyDeps, createQboApiRouter } from './api';
import { mountQuickbooksDocumentPages } from './document-pages';
import { quickbooksErrors } from './errors';
import { quickbooksOAuthConfig } from './oauth-config';
import { mountQboRoutes } from './routes';
import { QBO_SECOND_REALM_ID, QuickBooksSandboxState } from './state';
import { loadXsdModel } from './xsd-model';

export { validateAgainstXsd } from './entity-validation';
export { quickbooksComputedTax, taxSummary } from './sales-tax';
export type { QboAccount, QboEntity } from './state';
export { QBO_SANDBOX_REALM_ID, QBO_SECOND_REALM_ID, QuickBooksSandboxState } from './state';
export { enumerationOf, loadXsdModel } from './xsd-model';

/** The QBO sandbox: Intuit OAuth (authorize, bearer token, revoke) and the Accounting API under /v3/company/{realmId}. */
export const createQuickBooksSandbox: ProviderSandboxFactory<QuickBooksSandboxState> = (sandbox) => {
  const state = new QuickBooksSandboxState();
  state.otherCompanies.push(
    new QuickBooksSandboxState({ realmId: QBO_SECOND_REALM_ID, name: 'Sandbox Company CA 9921' })
  );
  const oauth = new OAuthServer(
    quickbooksOAuthConfig(state),
    { clientId: sandbox.options.clientId, clientSecret: sandbox.options.clientSecret },
    sandbox.clock
  );
  oauth.mount(sandbox.router);
  // the page the plugin's "posted days" links open (QuickBooks' /app/journal?txnId= path)
  mountQuickbooksDocumentPages(sandbox.router, state);
  const deps = companyDeps({ sandbox, state, oauth, model: loadXsdModel() });
  const api = createQboApiRouter(deps);
  mountQboRoutes(api, deps);
  sandbox.router.use(api.routes(), api.allowedMethods());
  return {
    state,
    oauth,
    errors: quickbooksErrors(() => sandbox.clock.now()),
    snapshot: () => state,
    actions: {
      'refuse-item': (body) => {
        const input = z
          .object({
            match: z.string().min(1),
            message: z.string().min(1).optional(),
            times: z.number().int().positive().optional(),
          })
          .parse(body);
        state.refusals.arm({
          ...input,
          message: input.message ?? 'Invalid account: the account given on a line cannot be used here.',
        });
        return { armed: input.match };
      },
      'book-close-date': (body) => {
        const { date } = z.object({ date: z.string().nullable() }).parse(body);
        state.setBookCloseDate(date);
        return { bookCloseDate: state.bookCloseDate ?? null };
      },
      multicurrency: (body) => {
        const { enabled } = z.object({ enabled: z.boolean() }).parse(body);
        state.setMultiCurrency(enabled);
        return state.preferences().CurrencyPrefs;
      },
      'account-active': (body) => {
        const { id, active } = z.object({ id: z.string(), active: z.boolean() }).parse(body);
        state.setAccountActive(id, active);
        return state.account(id);
      },
    },
  };
};
