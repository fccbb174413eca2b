import type { Core } from '@strapi/strapi';
import { type SwitchableClock, switchableClock } from './clock';
import { createLeases, type Leases } from './leases';
import { createOAuthStates, type OAuthStates } from './oauth-states';
import { createVault, loadVaultKeys, type Vault } from './vault';

/** The engine's per-app singletons, created once in register(). */
export interface Engine {
  vault: Vault;
  /** time for leases, job runs and run heartbeats: real unless a test puts its own in (the `clock` service) */
  clock: SwitchableClock;
  leases: Leases;
  states: OAuthStates;
}

const engines = new WeakMap<Core.Strapi, Engine>();

export const createEngine = (strapi: Core.Strapi): Engine => {
  const production = process.env.NODE_ENV === 'production';
  const vault = createVault(loadVaultKeys(process.env, production));
  const appKeys = (strapi.config.get('server.app.keys') as string[] | undefined) ?? [];
  const bindingSecret = appKeys[0] ?? process.env.RCI_VAULT_KEY ?? '';
  const clock = switchableClock();
  const engine: Engine = {
    vault,
    clock,
    leases: createLeases(strapi, clock),
    states: createOAuthStates(strapi, vault, bindingSecret),
  };
  engines.set(strapi, engine);
  return engine;
};

export const getEngine = (strapi: Core.Strapi): Engine => {
  const engine = engines.get(strapi);
  if (!engine) throw new Error('retailcloud-integrations engine used before register()');
  return engine;
};
