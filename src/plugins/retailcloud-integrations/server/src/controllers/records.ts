import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import type { Row } from '../engine/rows';
import type { ConnectionView } from '../services/connections';
import { getService } from '../utils/get-service';
import { looksLikeEmail, REDACTED_EMAIL, withoutEmails } from '../utils/personal-data';
import { parseRunQuery } from './sync-run';

/**
 * The content API's read-only views of the plugin's records (users-permissions roles and API tokens that were granted
 * `records.listConnections` / `records.listSyncRuns`). The action names end neither in `find` nor in `findOne`, so a
 * read-only API token never gets them implicitly (Strapi's content-api-token strategy treats any scope ending so as a
 * read). The views are allow-lists built for monitoring: no administrator emails, no account ids, no scopes, no
 * customer emails; free texts pass through `withoutEmails` (a provider's error text may quote an address, and runs
 * recorded before failures held ids did hold addresses).
 */

export interface ContentApiConnection {
  id: number;
  provider: ConnectionView['provider'];
  providerName: string;
  status: ConnectionView['status'];
  accountName: string | null;
  connectedAt: string | null;
  disconnectedAt: string | null;
  lastRefreshAt: string | null;
  failureCount: number;
  lastError: string | null;
}

const text = (v: unknown): string | null => (typeof v === 'string' ? withoutEmails(v) : null);

export const toContentApiConnection = (c: ConnectionView): ContentApiConnection => ({
  id: c.id,
  provider: c.provider,
  providerName: c.providerName,
  status: c.status,
  accountName: text(c.accountName),
  connectedAt: c.connectedAt,
  disconnectedAt: c.disconnectedAt,
  lastRefreshAt: c.lastRefreshAt,
  failureCount: c.failureCount,
  lastError: text(c.lastError),
});

type RunRow = Omit<Row<'sync-run'>, 'work' | 'result'>;

export const toContentApiRun = (run: RunRow) => ({
  id: run.id,
  provider: run.provider,
  kind: run.kind,
  trigger: run.trigger,
  status: run.status,
  total: run.total,
  processed: run.processed,
  counts: run.counts ?? {},
  failures: (run.failures ?? []).map((f) => ({
    entity: f.entity,
    ref: looksLikeEmail(String(f.ref)) ? REDACTED_EMAIL : withoutEmails(String(f.ref)),
    reason: withoutEmails(String(f.reason)),
  })),
  message: text(run.message),
  connectionId: run.connectionId ?? null,
  startedAt: run.startedAt,
  finishedAt: run.finishedAt ?? null,
  durationMs: run.durationMs ?? null,
});

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async listConnections(ctx: Context) {
    const data = (await getService(strapi, 'connections').list()).map(toContentApiConnection);
    ctx.body = { data, meta: { count: data.length } };
  },

  async listSyncRuns(ctx: Context) {
    const rows = await getService(strapi, 'syncRuns').list(parseRunQuery(ctx.query));
    const data = rows.map(toContentApiRun);
    ctx.body = { data, meta: { count: data.length } };
  },
});
