import type { Core } from '@strapi/strapi';
import { ADMIN_ROLES, adminToken } from './auth';
import type { MatrixContext } from './fault-matrix';
import { type AccountingProvider, connectAndMapLedger, connectLedger } from './ledger';
import { createStore } from './retail-data';
import { type Sandboxes, startSandboxes, stopSandboxes } from './sandboxes';
import { bootStrapi, type TestApp } from './strapi';

/**
 * The setup both accounting fault-matrix files share (fault-matrix-accounting, fault-matrix-batches): the sandboxes
 * on a fast clock, short HTTP timeouts, one Strapi, a System Admin, the stores, and Xero and QuickBooks connected and
 * mapped from their live charts.
 */

export interface LedgerMatrix {
  app: TestApp;
  sandboxes: Sandboxes;
  /** the System Admin's token that connected the ledgers (and reconnects them after a fault) */
  sysadmin: string;
}

export interface LedgerMatrixOptions {
  adminEmail: string;
  stores: Array<{ code: string; zone: string }>;
  firstBusinessDay: string;
}

/** Boots the app and connects both ledgers; on failure stops what it started and throws. */
const bootLedgerMatrix = async (opts: LedgerMatrixOptions): Promise<LedgerMatrix> => {
  const sandboxes = await startSandboxes({ timeScale: 120 });
  process.env.RCI_HTTP_TIMEOUT_MS = '1500';
  process.env.RCI_HTTP_BACKOFF_MS = '50';
  let app: TestApp | undefined;
  try {
    app = await bootStrapi();
    const sysadmin = await adminToken(app.strapi, ADMIN_ROLES.systemAdmin, opts.adminEmail);
    for (const store of opts.stores) await createStore(app.strapi, store.code, store.zone);
    for (const provider of ['xero', 'quickbooks'] as const) {
      const { problems } = await connectAndMapLedger(app.strapi, sysadmin, provider, {
        firstBusinessDay: opts.firstBusinessDay,
      });
      if (problems.length) throw new Error(`mapping for ${provider}: ${problems.join('; ')}`);
    }
    return { app, sandboxes, sysadmin };
  } catch (error) {
    await app?.stop();
    await stopSandboxes(sandboxes);
    throw error;
  }
};

const stopLedgerMatrix = async (matrix: LedgerMatrix | undefined) => {
  await matrix?.app.stop();
  await stopSandboxes(matrix?.sandboxes);
};

/** The matrix's view of the app: a fault that drops the connection is healed by connecting the ledger again. */
const ledgerMatrixContext = (matrix: () => LedgerMatrix): MatrixContext => ({
  strapi: () => matrix().app.strapi,
  sandboxes: () => matrix().sandboxes,
  reconnect: async (provider) => {
    if (provider !== 'xero' && provider !== 'quickbooks') throw new Error(`${provider} is not a ledger`);
    await connectLedger(matrix().app.strapi, matrix().sysadmin, provider as AccountingProvider);
  },
});

/**
 * The test file's setup: boots in beforeAll (then hands the matrix to `ready`, which keeps `app` and `sandboxes` for
 * the tests), stops in afterAll, and returns the matrix's context for declareMatrix.
 */
export const setupLedgerMatrix = (opts: LedgerMatrixOptions, ready: (matrix: LedgerMatrix) => void): MatrixContext => {
  let matrix: LedgerMatrix | undefined;
  beforeAll(async () => {
    matrix = await bootLedgerMatrix(opts);
    ready(matrix);
  }, 120_000);
  afterAll(() => stopLedgerMatrix(matrix));
  return ledgerMatrixContext(() => {
    if (!matrix) throw new Error('the ledger matrix did not boot');
    return matrix;
  });
};

/** A ledger amount (Xero's and QuickBooks' decimal strings or numbers) in integer cents. */
export const ledgerCents = (amount: number | string) => Math.round(Number(amount) * 100);

/** The CAS daily report the ledger documents are checked against. */
export const dailyReport = (strapi: Core.Strapi) =>
  strapi.service('api::report.daily-sales') as unknown as {
    summarize(
      store: string,
      day: string
    ): Promise<{ sales: { netCents: number; taxCents: number }; cogs: { netCents: number } }>;
  };
