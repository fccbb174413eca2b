import { createVault, loadVaultKeys } from '../../src/plugins/retailcloud-integrations/server/src/engine/vault';

/** The test process's view of the vault (same key as the booted app, from tests/helpers/env.js). */
const vault = createVault(loadVaultKeys(process.env, false));
export const vaultOpen = (sealed: string) => vault.open(sealed);
export const vaultSeal = (value: unknown) => vault.seal(value);
