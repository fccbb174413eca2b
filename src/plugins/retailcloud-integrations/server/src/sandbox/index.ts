import { createEcwidSandbox, type EcwidSandboxState } from '../providers/ecwid/sandbox';
import { createMailchimpSandbox, type MailchimpSandboxState } from '../providers/mailchimp/sandbox';
import { createQuickBooksSandbox, type QuickBooksSandboxState } from '../providers/quickbooks/sandbox';
import { createXeroSandbox, type XeroSandboxState } from '../providers/xero/sandbox';
import { PROVIDERS, type ProviderId } from './providers';
import { startProviderSandbox } from './start';
import type { ProviderSandboxFactory, SandboxHandleOf, SandboxOptions } from './types';

export { isSandboxProvider } from './providers';
export type {
  CallFilter,
  CallRecord,
  ConsentMode,
  FaultKind,
  FaultSpec,
  RateLimitSettings,
  SandboxControl,
  SandboxOptions,
} from './types';

/** What `control.state` is for each provider (each documented in its providers/<id>/sandbox/state.ts). */
export interface SandboxStateMap {
  ecwid: EcwidSandboxState;
  mailchimp: MailchimpSandboxState;
  xero: XeroSandboxState;
  quickbooks: QuickBooksSandboxState;
}

export type SandboxHandle<P extends ProviderId = ProviderId> = SandboxHandleOf<P, SandboxStateMap[P]>;

export type SandboxHandles = { [P in ProviderId]: SandboxHandle<P> };

/** One line per provider: a fifth provider is a new providers/<id>/sandbox folder and a line here. */
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

/** Stops every handle of startAllSandboxes. */
export const stopAllSandboxes = async (handles: SandboxHandles): Promise<void> => {
  await Promise.all(PROVIDERS.map((p) => handles[p].stop()));
};
