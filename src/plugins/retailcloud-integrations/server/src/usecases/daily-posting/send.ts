import crypto from 'node:crypto';
import { centsToText } from '@retailcloud/domain';
import type { Core } from '@strapi/strapi';
import { LedgerMappingError, type StoredLedgerMapping } from '../../accounting/ledger-mapping';
import type { BatchItemOutcome, FoundDocument, LedgerDocument } from '../../accounting/ops';
import { NotConnectedError, ProviderError, ReauthRequiredError } from '../../engine/errors';
import { query, type Row } from '../../engine/rows';
import type { RunContext } from './run-context';

type PostingRow = Row<'posting'>;

/**
 * Deterministic per document and payload: a retry of the same document replays at the provider, while a re-dated
 * document (locked period) is a different request and gets a different key (Xero refuses a reused key with another body).
 * After a definite refusal (a 4xx such as a locked period) the next attempt is a new request: both providers answer a
 * reused key with the response they gave it, refusal included, so the same key would be refused again after the lock
 * is lifted. An uncertain failure (timeout, reset) keeps the key, so the provider can still recognise the document.
 */
export const idempotencyKey = (connectionId: number, doc: LedgerDocument, rejections = 0): string =>
  `cas-${connectionId}-${crypto
    .createHash('sha256')
    .update(`${doc.reference}|${JSON.stringify(doc.payload)}${rejections > 0 ? `|refused-${rejections}` : ''}`)
    .digest('hex')
    .slice(0, 32)}`;

/**
 * The key of a batched request, from its documents in the order sent (each with its own refusal count): the same
 * documents again (a lost answer, retried) are the same request under the same key, so the provider replays its first
 * answer; any other set of documents is another request with another key.
 */
export const batchIdempotencyKey = (
  connectionId: number,
  docs: Array<{ doc: LedgerDocument; rejections: number }>
): string => {
  const hash = crypto.createHash('sha256');
  for (const { doc, rejections } of docs) hash.update(`${idempotencyKey(connectionId, doc, rejections)}\n`);
  return `casb-${connectionId}-${hash.digest('hex').slice(0, 28)}`;
};

/** The provider answered and refused the document (not a timeout, a reset or a rate limit): a definite outcome. */
export const isDefiniteRefusal = (error: unknown) =>
  error instanceof ProviderError &&
  error.status !== null &&
  error.status >= 400 &&
  error.status < 500 &&
  error.status !== 408 &&
  error.status !== 429;

/** Errors after which nothing more is tried in the run: the connection needs a person. */
export const stopsTheRun = (error: unknown) =>
  error instanceof ReauthRequiredError || error instanceof NotConnectedError;

export const describeError = (error: unknown): string => {
  if (error instanceof ProviderError) return error.describe();
  if (error instanceof LedgerMappingError) return error.message;
  return error instanceof Error ? error.message : String(error);
};

/** A store-day of a chunk whose documents are sent: the rows of the sequence still to go, and how it went. */
export interface DayWork {
  seq: number;
  /** rows to send (pending, failed or re-dated), in the order built */
  rows: PostingRow[];
  /** references the outcome names when the day is posted */
  documents: string[];
  /** rows recorded as never to be sent: the day is held with their reasons once the others are posted */
  notSent: PostingRow[];
  failure: { held: boolean; reason: string } | null;
}

interface Entry {
  work: DayWork;
  row: PostingRow;
  doc: LedgerDocument;
  done: boolean;
}

const chunk = <T>(items: T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/**
 * Sends the rows of many store-days: documents a previous attempt may have sent are looked up by reference first
 * (batched reads), the rest go grouped by collection in batches, stage by stage (a day with a failure sends nothing of
 * a later stage), and each row records its own outcome from its item of the answer. Returns the error that stops the
 * run (the connection needs a person), after recording it on every day that did not finish.
 */
export const sendDays = async (strapi: Core.Strapi, run: RunContext, works: DayWork[]): Promise<unknown> => {
  const rows = () => query(strapi, 'posting');
  const batch = run.ops.batch;
  const entries: Entry[] = works.flatMap((work) =>
    work.rows.map((row) => ({
      work,
      row,
      doc: { kind: row.kind, reference: row.reference, payload: row.payload },
      done: false,
    }))
  );

  const fail = (work: DayWork, held: boolean, reason: string) => {
    work.failure = work.failure ? { held: work.failure.held && held, reason: work.failure.reason } : { held, reason };
  };
  const posted = async (entry: Entry, remoteId: string) => {
    entry.done = true;
    await rows().update({
      where: { id: entry.row.id },
      data: { status: 'posted', remoteId, postedAt: new Date(), lastError: null },
    });
  };
  const failed = async (entry: Entry, reason: string, held: boolean, definite: boolean) => {
    entry.done = true;
    await rows().update({
      where: { id: entry.row.id },
      data: {
        status: held ? 'held' : 'failed',
        lastError: reason,
        ...(definite ? { rejections: (entry.row.rejections ?? 0) + 1 } : {}),
      },
    });
    fail(entry.work, held, reason);
  };
  const stopWith = async (error: unknown, open: Entry[]) => {
    const reason = describeError(error);
    for (const entry of open) if (!entry.done) await failed(entry, reason, false, false);
    for (const work of works)
      if (!work.failure && entries.some((e) => e.work === work && !e.done)) fail(work, false, reason);
    return error;
  };

  // 1. A previous attempt may have reached the provider (timeout, reset, crash): look before posting again. A document
  // found there is recorded only when its total there is what CAS posts (adoptFound); the others are sent below.
  const retried = entries.filter((e) => (e.row.attempts ?? 0) > 0);
  if (retried.length > 0) {
    try {
      await adoptFound(run, retried, { posted, failed });
    } catch (error) {
      if (stopsTheRun(error)) return stopWith(error, entries);
      // Not knowing whether they are there, nothing of those days is sent now; the next run looks again.
      const reason = describeError(error);
      for (const entry of retried) if (!entry.done) await failed(entry, reason, false, false);
    }
  }

  // 2. Stage by stage, group by group, in batches; a day that failed sends nothing more.
  const stageOf = (e: Entry) => batch?.stage(e.doc) ?? 0;
  const stages = [...new Set(entries.map(stageOf))].sort((a, b) => a - b);
  for (const stage of stages) {
    const ready = entries.filter((e) => !e.done && !e.work.failure && stageOf(e) === stage);
    const groups = new Map<string, Entry[]>();
    for (const e of ready) {
      const key = batch?.group(e.doc) ?? e.doc.kind;
      groups.set(key, [...(groups.get(key) ?? []), e]);
    }
    for (const group of groups.values()) {
      for (const slice of batch ? chunk(group, batch.maxItems) : group.map((e) => [e])) {
        // documents of one stage do not depend on each other: all that were ready when the stage began are sent
        const error = await sendSlice(strapi, run, slice, { posted, failed });
        if (error) return stopWith(error, entries);
      }
    }
  }
  // documents of a day that failed before they were sent stay as they are (pending) for the next run
  return null;
};

/** Record the attempt on every row before its request goes (a crash after this looks the document up first). */
const bumpAttempts = async (strapi: Core.Strapi, slice: Entry[]) => {
  const byAttempts = new Map<number, number[]>();
  for (const e of slice) {
    const n = e.row.attempts ?? 0;
    byAttempts.set(n, [...(byAttempts.get(n) ?? []), e.row.id]);
  }
  for (const [n, ids] of byAttempts)
    await query(strapi, 'posting').updateMany({ where: { id: { $in: ids } }, data: { attempts: n + 1 } });
};

const sendSlice = async (strapi: Core.Strapi, run: RunContext, slice: Entry[], record: Recorder): Promise<unknown> => {
  await bumpAttempts(strapi, slice);
  const batch = run.ops.batch;
  // refused as a duplicate of its own reference after an earlier attempt of ours: looked up at the end
  const duplicates: Array<{ entry: Entry; reason: string }> = [];
  const ours = (entry: Entry, reason: string) => (entry.row.attempts ?? 0) > 0 && Boolean(batch?.isDuplicate?.(reason));
  if (slice.length === 1 || !batch) {
    // One document: the provider's single-document request, with the document's own key.
    for (const entry of slice) {
      try {
        const remoteId = await run.ops.send(
          run.client,
          entry.doc,
          idempotencyKey(run.connectionId, entry.doc, entry.row.rejections ?? 0)
        );
        run.calls += 1;
        await record.posted(entry, remoteId);
      } catch (error) {
        run.calls += 1;
        if (stopsTheRun(error)) return error;
        const definite = isDefiniteRefusal(error);
        const held = error instanceof ProviderError && run.ops.isLockedPeriod(error);
        if (definite && ours(entry, describeError(error))) duplicates.push({ entry, reason: describeError(error) });
        else await record.failed(entry, describeError(error), held, definite);
      }
    }
    return adoptDuplicates(run, duplicates, record);
  }
  const key = batchIdempotencyKey(
    run.connectionId,
    slice.map((e) => ({ doc: e.doc, rejections: e.row.rejections ?? 0 }))
  );
  let outcomes: BatchItemOutcome[];
  try {
    outcomes = await batch.sendBatch(
      run.client,
      slice.map((e) => e.doc),
      key
    );
    run.calls += 1;
  } catch (error) {
    run.calls += 1;
    if (stopsTheRun(error)) return error;
    const reason = describeError(error);
    const locked = error instanceof ProviderError && run.ops.isLockedPeriod(error);
    // A body refused as a whole that carries several store-days (stores) goes again document by document, so the
    // document that made it unreadable fails only its own day (a definite refusal: nothing of it was stored).
    if (isDefiniteRefusal(error) && !locked && new Set(slice.map((e) => e.work)).size > 1) {
      for (const entry of slice) {
        const stop = await sendSlice(strapi, run, [entry], record);
        if (stop) return stop;
      }
      return null;
    }
    // refused as a whole (a body the provider would not read): every document of it is refused with its words;
    // otherwise (timeout, reset, 5xx) no document's fate is known, and each is looked up before it is sent again
    outcomes = isDefiniteRefusal(error)
      ? slice.map(() => ({
          status: 'refused' as const,
          reason,
          lockedPeriod: error instanceof ProviderError && run.ops.isLockedPeriod(error),
        }))
      : slice.map(() => ({ status: 'uncertain' as const, reason }));
  }
  for (const [i, entry] of slice.entries()) {
    const outcome = outcomes[i] ?? { status: 'uncertain', reason: 'no answer for this document' };
    if (outcome.status === 'posted') await record.posted(entry, outcome.remoteId);
    else if (outcome.status === 'refused' && ours(entry, outcome.reason))
      duplicates.push({ entry, reason: outcome.reason });
    else if (outcome.status === 'refused') await record.failed(entry, outcome.reason, outcome.lockedPeriod, true);
    else await record.failed(entry, outcome.reason, false, false);
  }
  return adoptDuplicates(run, duplicates, record);
};

interface Recorder {
  posted(entry: Entry, remoteId: string): Promise<void>;
  failed(entry: Entry, reason: string, held: boolean, definite: boolean): Promise<void>;
}

/**
 * Documents of ours that may already be in the ledger, looked up by reference (batched reads where the provider
 * allows): one found there is recorded with the provider's id when the provider's total is what CAS posts; one whose
 * total differs (edited in the ledger, or another document carrying our reference) fails its day naming both totals,
 * and nothing is sent for it. Returns the entries not found. Throws when the look-up itself fails.
 */
const adoptFound = async (run: RunContext, entries: Entry[], record: Recorder): Promise<Entry[]> => {
  const found = await lookUpMany(
    run,
    entries.map((e) => e.doc)
  );
  const missing: Entry[] = [];
  for (const [i, entry] of entries.entries()) {
    const there = found[i];
    if (!there) {
      missing.push(entry);
      continue;
    }
    const expected = expectedTotal(run, entry);
    if (expected !== null && there.totalCents === expected) await record.posted(entry, there.remoteId);
    else
      await record.failed(
        entry,
        `${entry.doc.reference} is already in the ledger, but its total there (${there.totalCents === null ? 'unreadable' : centsToText(there.totalCents)}) is not what CAS posts (${expected === null ? 'unknown' : centsToText(expected)}): check that document in the ledger`,
        false,
        true
      );
  }
  return missing;
};

/**
 * Documents refused as duplicates of their own reference after an earlier attempt of ours: that attempt reached the
 * provider (a crashed instance's request, or one whose answer was lost, stored after our look-up missed it; this run
 * holds the day's lease, so the row and the document are ours). They are read back by reference (adoptFound); one
 * still not found fails with the provider's words, and nothing is sent again.
 */
const adoptDuplicates = async (
  run: RunContext,
  duplicates: Array<{ entry: Entry; reason: string }>,
  record: Recorder
): Promise<unknown> => {
  if (duplicates.length === 0) return null;
  let missing: Entry[];
  try {
    missing = await adoptFound(
      run,
      duplicates.map((d) => d.entry),
      record
    );
  } catch (error) {
    if (stopsTheRun(error)) return error;
    // not known whether it is there: nothing is sent again now, the next run looks it up first (attempts > 0)
    for (const { entry, reason } of duplicates)
      if (!entry.done)
        await record.failed(entry, `${reason}; looking it up failed: ${describeError(error)}`, false, false);
    return null;
  }
  for (const { entry, reason } of duplicates)
    if (missing.includes(entry)) await record.failed(entry, reason, false, true);
  return null;
};

/** The total the document sends (cents), read from its payload as the preview shows it; null when unknown. */
const expectedTotal = (run: RunContext, entry: Entry): number | null => {
  const currency = (entry.row.summary as { currency?: string } | null)?.currency ?? run.settings.currencies.home;
  return run.ops.view?.(entry.doc, currency, run.mapping as StoredLedgerMapping)?.totalCents ?? null;
};

const lookUpMany = async (run: RunContext, docs: LedgerDocument[]): Promise<Array<FoundDocument | null>> => {
  const batch = run.ops.batch;
  if (!batch) return lookUpOneByOne(run, docs);
  const before = run.calls;
  const counted = countCalls(run);
  try {
    return await batch.findExistingMany(counted, docs);
  } finally {
    run.calls = before + counted.count();
  }
};

/** A provider without batched reads: each document looked up, and one found read back for its total. */
const lookUpOneByOne = async (run: RunContext, docs: LedgerDocument[]): Promise<Array<FoundDocument | null>> => {
  const found: Array<FoundDocument | null> = [];
  for (const doc of docs) {
    const remoteId = await run.ops.findExisting(run.client, doc);
    run.calls += 1;
    if (!remoteId) {
      found.push(null);
      continue;
    }
    const totalCents = await run.ops.readTotal(run.client, doc, remoteId);
    run.calls += 1;
    found.push({ remoteId, totalCents });
  }
  return found;
};

/** The run's client, counting its requests (batched reads make as many requests as the provider needs). */
export const countCalls = (run: RunContext) => {
  let count = 0;
  return {
    ...run.client,
    request: ((req: Parameters<RunContext['client']['request']>[0]) => {
      count += 1;
      return run.client.request(req);
    }) as RunContext['client']['request'],
    count: () => count,
  };
};
