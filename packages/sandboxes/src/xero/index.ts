import { z } from 'zod';
import { OAuthServer } from '../core/oauth';
import type { ProviderSandboxFactory } from '../core/types';
import { createXeroApiRouter } from './api';
import { mountConnectionRoutes } from './connections';
import { mountContactRoutes } from './contact-routes';
import { mountXeroDocumentPages } from './document-pages';
import { xeroErrors } from './errors';
import { mountManualJournalRoutes } from './manual-journal-routes';
import { mountXeroDiscovery, xeroOAuthConfig } from './oauth-config';
import { mountPaymentRoutes } from './payment-routes';
import { mountSalesDocumentRoutes } from './sales-document-routes';
import { warmXeroSchemas } from './schema';
import { mountSettingsRoutes } from './settings-routes';
import { XeroSandboxState } from './state';

export { lineTax } from './money';
export { validateCollectionBody } from './schema';
export { UK_TENANT_ID, US_TENANT_ID } from './seed';
export { XeroSandboxState } from './state';
export type * from './types';

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .nullable()
  .optional();

/**
 * The Xero sandbox: identity (authorize, token, revocation, OpenID discovery and JWKS), /connections, and the
 * Accounting API under /api.xro/2.0 (Organisation, Accounts, TaxRates, Currencies, Contacts, Invoices, CreditNotes,
 * ManualJournals, Payments).
 */
export const createXeroSandbox: ProviderSandboxFactory<XeroSandboxState> = (sandbox) => {
  const state = new XeroSandboxState();
  const oauth = new OAuthServer(
    xeroOAuthConfig(state, sandbox),
    { clientId: sandbox.options.clientId, clientSecret: sandbox.options.clientSecret },
    sandbox.clock
  );
  oauth.mount(sandbox.router);
  mountXeroDiscovery(sandbox.router, sandbox);
  mountConnectionRoutes(sandbox.router, { state, oauth, clock: sandbox.clock });
  // the pages the plugin's "posted days" links open (Xero's deep-link paths)
  mountXeroDocumentPages(sandbox.router, state);

  const deps = { sandbox, state, oauth };
  const api = createXeroApiRouter(deps);
  mountSettingsRoutes(api, deps);
  mountContactRoutes(api, deps);
  mountSalesDocumentRoutes(api, deps);
  mountManualJournalRoutes(api, deps);
  mountPaymentRoutes(api, deps);
  sandbox.router.use(api.routes(), api.allowedMethods());
  warmXeroSchemas();

  return {
    state,
    oauth,
    errors: xeroErrors,
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
          message: input.message ?? 'Account code is not a valid code for this document.',
        });
        return { armed: input.match };
      },
      'lock-dates': (body) => {
        const input = z
          .object({ tenantId: z.string().optional(), periodLockDate: date, endOfYearLockDate: date })
          .parse(body);
        state.setLockDates(input);
        return state.tenant(input.tenantId).organisation;
      },
      'archive-account': (body) => {
        const input = z.object({ code: z.string(), tenantId: z.string().optional() }).parse(body);
        state.archiveAccount(input.code, input.tenantId);
        return state.account(input.code, input.tenantId);
      },
      'restore-account': (body) => {
        const input = z.object({ code: z.string(), tenantId: z.string().optional() }).parse(body);
        state.restoreAccount(input.code, input.tenantId);
        return state.account(input.code, input.tenantId);
      },
      'enable-payments': (body) => {
        const input = z.object({ code: z.string(), enabled: z.boolean(), tenantId: z.string().optional() }).parse(body);
        state.setEnablePaymentsToAccount(input.code, input.enabled, input.tenantId);
        return state.account(input.code, input.tenantId);
      },
      currencies: (body) => {
        const input = z
          .object({
            tenantId: z.string().optional(),
            add: z.array(z.string()).optional(),
            remove: z.array(z.string()).optional(),
          })
          .parse(body);
        for (const code of input.add ?? []) state.addCurrency(code, input.tenantId);
        for (const code of input.remove ?? []) state.removeCurrency(code, input.tenantId);
        return state.tenant(input.tenantId).currencies;
      },
      'consent-tenants': (body) => {
        const input = z.object({ tenantIds: z.array(z.string()).min(1) }).parse(body);
        for (const id of input.tenantIds) state.tenant(id);
        state.consentTenantIds = input.tenantIds;
        return { consentTenantIds: state.consentTenantIds };
      },
    },
  };
};
