import { isSandboxProvider, type SandboxHandles, startSandbox } from '@retailcloud/sandboxes';
import { providerModules } from '../../src/plugins/retailcloud-integrations/server/src/modules';
import { envName } from '../../src/plugins/retailcloud-integrations/server/src/modules/config';

export type Sandboxes = SandboxHandles;

/**
 * Start the sandbox each registered provider module names, on a free port, and point the app at them (call before
 * bootStrapi).
 */
export const startSandboxes = async (opts: { timeScale?: number } = {}): Promise<Sandboxes> => {
  const handles = {} as Sandboxes;
  for (const { id: provider, sandbox } of providerModules) {
    if (sandbox === null) continue;
    if (!isSandboxProvider(sandbox)) throw new Error(`${provider}: no sandbox is named ${sandbox}`);
    const handle = await startSandbox(sandbox, {
      port: 0,
      clientId: `sandbox-${provider}-client`,
      clientSecret: `sandbox-${provider}-secret`,
      ...(opts.timeScale ? { timeScale: opts.timeScale } : {}),
    });
    (handles as Record<string, unknown>)[sandbox] = handle;
    process.env[`RCI_${envName(provider)}_SANDBOX_URL`] = handle.url;
  }
  // Our own client-side limits follow the sandbox's compressed minute.
  process.env.RCI_RATE_LIMIT_TIME_SCALE = String(opts.timeScale ?? 1);
  return handles;
};

export const stopSandboxes = async (handles: Partial<Sandboxes> | undefined) => {
  await Promise.all(Object.values(handles ?? {}).map((h) => h?.stop()));
};
