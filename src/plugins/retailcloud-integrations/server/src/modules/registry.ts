import type { AccountingOps } from '../accounting/ops';
import { PROVIDER_ID_PATTERN, type ProviderModule, type RetryHandler } from './types';

/**
 * The provider modules this process runs with: the one list (./index.ts), installed by register() (with the test hook's
 * extra modules, ../register.ts). Everything that needs "every provider" or "this provider's X" asks here, so nothing
 * below the list imports it (the list imports the services its jobs drive; the services look providers up here).
 */
let installed: readonly ProviderModule[] = [];

/** Check and install the modules (replacing any installed before: a restarted app in the same process). */
export const installProviderModules = (modules: readonly ProviderModule[]): void => {
  const ids = new Set<string>();
  const jobs = new Set<string>();
  for (const module of modules) {
    if (!PROVIDER_ID_PATTERN.test(module.id))
      throw new Error(`provider module "${module.id}": an id is 2-30 lower-case letters, digits or dashes`);
    if (ids.has(module.id)) throw new Error(`provider module "${module.id}" is registered twice`);
    if (module.adapter.id !== module.id)
      throw new Error(`provider module "${module.id}" carries the adapter of "${module.adapter.id}"`);
    ids.add(module.id);
    for (const job of module.jobs) {
      if (jobs.has(job.name)) throw new Error(`job "${job.name}" (${module.id}) is defined by two provider modules`);
      jobs.add(job.name);
    }
  }
  installed = Object.freeze([...modules]);
};

export const providerModules = (): readonly ProviderModule[] => installed;

export const providerIds = (): string[] => installed.map((m) => m.id);

export const isProviderId = (id: unknown): id is string => typeof id === 'string' && installed.some((m) => m.id === id);

export const findProviderModule = (id: string): ProviderModule | undefined => installed.find((m) => m.id === id);

export const providerModule = (id: string): ProviderModule => {
  const module = findProviderModule(id);
  if (!module) throw new Error(`no provider module "${id}" is registered`);
  return module;
};

/** The provider's name as people know it, or the id itself for one no module describes (an old run's provider). */
export const providerName = (id: string): string => findProviderModule(id)?.name ?? id;

/** The providers that post store-days to a ledger. */
export const accountingProviderIds = (): string[] => installed.filter((m) => m.accounting).map((m) => m.id);

export const accountingOpsOf = (id: string): AccountingOps | undefined => findProviderModule(id)?.accounting;

/** The retry handler of a run's provider for that run's kind, if its items are retried one by one. */
export const retryHandlerFor = (provider: string, kind: string): RetryHandler | undefined => {
  const retry = findProviderModule(provider)?.retry;
  return retry?.kinds.includes(kind) ? retry : undefined;
};
