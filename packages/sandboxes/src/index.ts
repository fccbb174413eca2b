import { isSandboxProvider, PROVIDERS, type ProviderId } from './core/providers';
import { startProviderSandbox } from './core/start';
import type { ProviderSandboxFactory, SandboxHandleOf, SandboxOptions } from './core/types';
import { createEcwidSandbox, type EcwidSandboxState } from './ecwid';
import { createMailchimpSandbox, type MailchimpSandboxState } from './mailchimp';
import { createQuickBooksSandbox, type QuickBooksSandboxState } from './quickbooks';
import { createXeroSandbox, type XeroSandboxState } from './xero';

/**
 * @retailcloud/sandboxes: local stand-ins for Ecwid, Mailchimp, Xero and QuickBooks Online, for development
 * (`npm run develop` starts them through ./cli.ts) and tests. The plugin never imports this package; its provider
 * modules name a sandbox here by id (ProviderModule.sandbox). See ../README.md.
 */
export {
  checkRecordedRequest,
  contractFailures,
  isConforming,
  missedControls,
  type Verdict,
} from './core/contract-check';
export { TokenStore } from './core/oauth-tokens';
export { isSandboxProvider, PROVIDERS, type ProviderId } from './core/providers';
export {
  PLUGIN_USER_AGENT_PREFIX,
  RECORD_DIR_ENV,
  type RecordedRequest,
  readRecordedRequests,
} from './core/recorder';
export { readSpec, SPEC_FILES, type SpecFile, specsDir } from './core/specs';
export type {
  CallFilter,
  CallRecord,
  ConsentMode,
  FaultKind,
  FaultSpec,
  RateLimitSettings,
  SandboxControl,
  SandboxOptions,
} from './core/types';
export { type CaughtMail, type SmtpCatcher, type SmtpCatcherOptions, startSmtpCatcher } from './smtp/catcher';

/** What `control.state` is for each provider (each documented in its src/<id>/state.ts). */
export interface SandboxStateMap {
  ecwid: EcwidSandboxState;
  mailchimp: MailchimpSandboxState;
  xero: XeroSandboxState;
  quickbooks: QuickBooksSandboxState;
}

export type SandboxHandle<P extends ProviderId = ProviderId> = SandboxHandleOf<P, SandboxStateMap[P]>;

export type SandboxHandles = { [P in ProviderId]: SandboxHandle<P> };

/** One line per provider: a fifth provider is a new src/<id> folder and a line here. */
const FACTORIES: { [P in ProviderId]: ProviderSandboxFactory<SandboxStateMap[P]> } = {
  ecwid: createEcwidSandbox,
  mailchimp: createMailchimpSandbox,
  xero: createXeroSandbox,
  quickbooks: createQuickBooksSandbox,
};

/** Default development ports, in PROVIDERS order from basePort (4101 ecwid, 4102 mailchimp, 4103 xero, 4104 quickbooks). */
export const DEFAULT_SANDBOX_BASE_PORT = 4101;

export const sandboxPort = (provider: ProviderId, basePort = DEFAULT_SANDBOX_BASE_PORT): number =>
  basePort + PROVIDERS.indexOf(provider);

/** Starts one provider's sandbox on options.port (default 0: a free port). */
export const startSandbox = <P extends ProviderId>(
  provider: P,
  options: SandboxOptions = {}
): Promise<SandboxHandle<P>> =>
  startProviderSandbox(provider, FACTORIES[provider] as ProviderSandboxFactory<SandboxStateMap[P]>, options);

export interface StartAllOptions extends Omit<SandboxOptions, 'port' | 'clientId' | 'clientSecret'> {
  /** first port; each provider takes basePort + its index in PROVIDERS, or a free port when that one is taken */
  basePort?: number;
  /** per-provider options (client credentials, rate limits…) */
  providers?: Partial<{ [P in ProviderId]: Omit<SandboxOptions, 'port'> }>;
}

/** Starts all four sandboxes (the app does this in development). */
export const startAllSandboxes = async (options: StartAllOptions = {}): Promise<SandboxHandles> => {
  const { basePort = DEFAULT_SANDBOX_BASE_PORT, providers = {}, ...shared } = options;
  const start = <P extends ProviderId>(provider: P) =>
    startProviderSandbox(
      provider,
      FACTORIES[provider] as ProviderSandboxFactory<SandboxStateMap[P]>,
      { ...shared, ...providers[provider], port: sandboxPort(provider, basePort) },
      { fallbackToFreePort: true }
    );
  const started: Array<SandboxHandle> = [];
  try {
    const ecwid = await start('ecwid');
    started.push(ecwid);
    const mailchimp = await start('mailchimp');
    started.push(mailchimp);
    const xero = await start('xero');
    started.push(xero);
    const quickbooks = await start('quickbooks');
    return { ecwid, mailchimp, xero, quickbooks };
  } catch (error) {
    await Promise.all(started.map((h) => h.stop()));
    throw error;
  }
};

/**
 * Starts the sandboxes named (ids of PROVIDERS; an unknown name is refused before any starts), each on basePort + its
 * index in PROVIDERS or a free port when that one is taken; basePort 0: every one on a free port. Used by the
 * development CLI (./cli.ts) and the browser tests.
 */
export const startSandboxesByName = async (
  names: readonly string[],
  options: StartAllOptions = {}
): Promise<SandboxHandle[]> => {
  const unknown = names.filter((name) => !isSandboxProvider(name));
  if (unknown.length > 0) {
    throw new Error(`no sandbox is named ${unknown.join(', ')} (the sandboxes: ${PROVIDERS.join(', ')})`);
  }
  const { basePort = DEFAULT_SANDBOX_BASE_PORT, providers = {}, ...shared } = options;
  const started: SandboxHandle[] = [];
  try {
    for (const name of new Set(names as readonly ProviderId[])) {
      started.push(
        await startProviderSandbox(
          name,
          FACTORIES[name] as ProviderSandboxFactory<SandboxStateMap[typeof name]>,
          { ...shared, ...providers[name], port: basePort === 0 ? 0 : sandboxPort(name, basePort) },
          { fallbackToFreePort: true }
        )
      );
    }
    return started;
  } catch (error) {
    await Promise.all(started.map((h) => h.stop()));
    throw error;
  }
};

/** Stops every handle of startAllSandboxes. */
export const stopAllSandboxes = async (handles: SandboxHandles): Promise<void> => {
  await Promise.all(PROVIDERS.map((p) => handles[p].stop()));
};

// Provider facts tests and benchmarks use: seeded ids, webhook signing, request contracts and schemas.
export {
  checkEcwidRequest,
  deliverEcwidWebhook,
  ECWID_SANDBOX_STORE_ID,
  type EcwidSandboxState,
  ecwidOperationFor,
  ecwidOperations,
  signEcwidWebhook,
} from './ecwid';
export { MAILCHIMP_SANDBOX_API_KEY, type MailchimpSandboxState, subscriberHash } from './mailchimp';
export {
  enumerationOf,
  loadXsdModel,
  QBO_SANDBOX_REALM_ID,
  QBO_SECOND_REALM_ID,
  type QuickBooksSandboxState,
  quickbooksComputedTax,
  taxSummary,
  validateAgainstXsd,
} from './quickbooks';
// Test support: the OAuth flow without a browser, store-day generators.
export { authorize, connect, tokenRequest } from './testing/connect';
export {
  copy,
  dayArb,
  type GeneratedTransaction,
  LAX1_DAY,
  summarise,
  TEST_MAPPING,
  type TestLedgerMapping,
  transactionArb,
} from './testing/summary-generators';
export { lineTax, UK_TENANT_ID, US_TENANT_ID, validateCollectionBody, type XeroSandboxState } from './xero';
