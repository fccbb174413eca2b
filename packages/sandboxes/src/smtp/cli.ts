/**
 * Starts the local SMTP catcher in its own process, for development (scripts/develop.mjs runs it with tsx):
 *
 *   npx tsx packages/sandboxes/src/smtp/cli.ts [--smtp-port 1025] [--http-port 4105] [--stop-on-stdin-end]
 *
 * A taken port falls back to a free one. Prints `smtp: {"host":…,"smtpPort":…,"inboxUrl":…}` once both listen.
 */
import { startSmtpCatcher } from './catcher';

export const SMTP_READY_PREFIX = 'smtp: ';

const tryStart = async (smtpPort: number, httpPort: number) => {
  try {
    return await startSmtpCatcher({ smtpPort, httpPort });
  } catch {
    return startSmtpCatcher({ smtpPort: 0, httpPort: 0 });
  }
};

const main = async () => {
  const args = process.argv.slice(2);
  const value = (name: string, fallback: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const catcher = await tryStart(value('--smtp-port', 1025), value('--http-port', 4105));
  console.log(
    `${SMTP_READY_PREFIX}${JSON.stringify({ host: catcher.host, smtpPort: catcher.smtpPort, inboxUrl: catcher.inboxUrl })}`
  );
  const stop = async () => {
    await catcher.stop().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (args.includes('--stop-on-stdin-end')) {
    process.stdin.on('end', stop);
    process.stdin.on('error', stop);
    process.stdin.resume();
  }
};

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`smtp catcher: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
