/**
 * For scripts/develop.mjs: prints, as JSON, each registered provider module's id, the prefix of its environment
 * variables and the sandbox it names (ProviderModule.sandbox; null: none), e.g.
 * `[{"id":"ecwid","env":"ECWID","sandbox":"ecwid"},…]`. Run with tsx.
 */
import { providerModules } from '../src/plugins/retailcloud-integrations/server/src/modules';
import { envName } from '../src/plugins/retailcloud-integrations/server/src/modules/config';

console.log(JSON.stringify(providerModules.map(({ id, sandbox }) => ({ id, env: envName(id), sandbox }))));
