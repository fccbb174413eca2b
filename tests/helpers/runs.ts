import type { Core } from '@strapi/strapi';

const PLUGIN_ID = 'retailcloud-integrations';

/** The background runs service of this app (usecases/daily-posting/runs.ts). */
export const backgroundRuns = (strapi: Core.Strapi) =>
  strapi.plugin(PLUGIN_ID).service('backgroundRuns') as {
    settled(): Promise<void>;
    pickUp(): Promise<number[]>;
    carrying(): number[];
  };

/** A run as stored, with the fields the tests read. */
export interface StoredRun {
  id: number;
  status: string;
  total: number | null;
  processed: number | null;
  counts: Record<string, number>;
  failures: Array<{ entity: string; ref: string; reason: string }>;
  message: string | null;
  etaAt: string | null;
  resumeAt: string | null;
  result: unknown;
  startedBy: string | null;
}

export const readRun = async (strapi: Core.Strapi, id: number): Promise<StoredRun> =>
  (await strapi.db.query(`plugin::${PLUGIN_ID}.sync-run`).findOne({ where: { id } })) as StoredRun;

/**
 * Wait until the background run has stopped being carried in this process (it ended, was cancelled or paused) and
 * return it as stored, with `runId` as the synchronous answer used to carry it.
 */
export const waitForRun = async (strapi: Core.Strapi, id: number): Promise<StoredRun & { runId: number }> => {
  await backgroundRuns(strapi).settled();
  return { ...(await readRun(strapi, id)), runId: id };
};

/**
 * What an admin request that starts a background run answered (202 with the run id), then the run once it has
 * finished: the request's answer is checked to be immediate-style (202, status running) first.
 */
export const finishedRun = async (
  strapi: Core.Strapi,
  answer: { status: number; body: { data?: { runId?: number; status?: string }; error?: unknown } }
): Promise<StoredRun & { runId: number }> => {
  if (answer.status !== 202 || typeof answer.body.data?.runId !== 'number')
    throw new Error(`expected 202 with a run id, got ${answer.status} ${JSON.stringify(answer.body)}`);
  return waitForRun(strapi, answer.body.data.runId);
};

/** Poll `check` (real time) until it is true or `timeoutMs` passes; returns whether it became true. */
export const eventually = async (check: () => Promise<boolean> | boolean, timeoutMs = 30_000, pollMs = 50) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
};
