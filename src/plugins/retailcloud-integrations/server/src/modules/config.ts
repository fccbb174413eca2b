import { z } from 'zod';
import type { ProviderModule } from './types';

/** A provider's configuration: real client credentials or a sandbox, and the settings its module declares. */
export interface ProviderConfig {
  /** Real client credentials; when both are set the provider's real URLs are used. */
  clientId?: string;
  clientSecret?: string;
  /** Origin of a running sandbox for this provider (tests, or a sandbox started elsewhere). */
  sandboxUrl?: string;
  /** the module's own settings (ProviderModule.settings), checked by its schema */
  [setting: string]: unknown;
}

const text = z.string().trim().max(2_000);
const base = {
  clientId: text.optional(),
  clientSecret: text.optional(),
  sandboxUrl: z.url({ protocol: /^https?$/ }).optional(),
};

/** The provider's part of environment variable names: `quickbooks` → QUICKBOOKS, `fake-shop` → FAKE_SHOP. */
export const envName = (id: string) => id.toUpperCase().replace(/-/g, '_');

const present = (entries: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined && v !== null && v !== ''));

/**
 * Every registered provider's configuration: from the environment (`<ID>_CLIENT_ID`, `<ID>_CLIENT_SECRET`,
 * `RCI_<ID>_SANDBOX_URL`, and what the module's settings read), overridden by the app's plugin config
 * (`providers.<id>`), checked against the module's schema. A provider the config names but no module registers, or a
 * setting the schema does not know, stops the start with its name.
 */
export const resolveProviderConfigs = (
  modules: readonly ProviderModule[],
  configured: unknown,
  env: NodeJS.ProcessEnv
): Record<string, ProviderConfig> => {
  const given = configured ?? {};
  if (typeof given !== 'object' || Array.isArray(given))
    throw new Error('retailcloud-integrations: providers must map provider ids to their configuration');
  const known = new Set(modules.map((m) => m.id));
  const unknown = Object.keys(given).filter((id) => !known.has(id));
  if (unknown.length > 0)
    throw new Error(
      `retailcloud-integrations: providers.${unknown[0]} names no registered provider module (${[...known].join(', ')})`
    );
  const byId = given as Record<string, unknown>;
  return Object.fromEntries(
    modules.map((module) => {
      const name = envName(module.id);
      const fromEnv = present({
        clientId: env[`${name}_CLIENT_ID`],
        clientSecret: env[`${name}_CLIENT_SECRET`],
        sandboxUrl: env[`RCI_${name}_SANDBOX_URL`],
        ...(module.settings?.fromEnv(env) ?? {}),
      });
      const own = byId[module.id] ?? {};
      if (typeof own !== 'object' || Array.isArray(own))
        throw new Error(`retailcloud-integrations: providers.${module.id} must be an object`);
      const schema = z.strictObject({ ...base, ...(module.settings?.schema.shape ?? {}) });
      const parsed = schema.safeParse({ ...fromEnv, ...present(own as Record<string, unknown>) });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.path.join('.');
        throw new Error(`retailcloud-integrations: providers.${module.id}.${field}: ${issue.message}`);
      }
      return [module.id, parsed.data as ProviderConfig];
    })
  );
};
