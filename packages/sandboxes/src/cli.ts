/**
 * Starts provider sandboxes in their own process, for development (scripts/develop.mjs runs it with tsx):
 *
 *   npx tsx packages/sandboxes/src/cli.ts [name…] [--base-port 4101] [--stop-on-stdin-end]
 *
 * Names are sandbox ids (ecwid, mailchimp, xero, quickbooks; none: all of them). Each listens on base port + its
 * index in PROVIDERS (4101–4104), or on a free port when that one is taken. Prints one `<name> <url>` line per sandbox,
 * then `sandboxes: {"<name>":"<url>",…}` once all listen; stops them on SIGINT/SIGTERM, and when stdin ends with
 * --stop-on-stdin-end (so they go when the process that started them goes, however it ends).
 */
import { DEFAULT_SANDBOX_BASE_PORT, PROVIDERS, startSandboxesByName } from './index';

export const READY_PREFIX = 'sandboxes: ';

const main = async () => {
  const args = process.argv.slice(2);
  const names: string[] = [];
  let basePort = DEFAULT_SANDBOX_BASE_PORT;
  let stopOnStdinEnd = false;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--base-port') {
      i += 1;
      basePort = Number(args[i]);
      if (!Number.isInteger(basePort) || basePort < 0 || basePort > 65_535) throw new Error('--base-port takes a port');
    } else if (arg === '--stop-on-stdin-end') {
      stopOnStdinEnd = true;
    } else if (arg.startsWith('--')) {
      throw new Error(`unknown option ${arg}`);
    } else {
      names.push(arg);
    }
  }
  const handles = await startSandboxesByName(names.length > 0 ? names : PROVIDERS, { basePort });
  for (const handle of handles) console.log(`${handle.provider} ${handle.url}`);
  console.log(`${READY_PREFIX}${JSON.stringify(Object.fromEntries(handles.map((h) => [h.provider, h.url])))}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await Promise.all(handles.map((h) => h.stop().catch(() => undefined)));
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (stopOnStdinEnd) {
    process.stdin.on('end', stop);
    process.stdin.on('error', stop);
    process.stdin.resume();
  }
};

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`sandboxes: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
