import { amountToCents } from '@retailcloud/domain';
import type { BatchItemOutcome, BatchWrites, FoundDocument, LedgerDocument } from '../../accounting/ops';
import type { ApiClient } from '../../engine/http';
import { collectionOf, mentionsLockDate, q, refValueOf, type XeroCollection } from './collections';

/**
 * Xero's write endpoints take arrays: `PUT /Invoices`, `/CreditNotes`, `/Payments`, `/ManualJournals` with
 * `{ "<Collection>": [ … ] }`. With `summarizeErrors=false` Xero answers 200 with every element in the order sent, the
 * stored ones with their ids and the refused ones with `ValidationErrors` (and `StatusAttributeString: "ERROR"`), so
 * one refused document fails only itself (docs/providers/xero.md#batched-writes). Xero's reference sets no element
 * count; the plugin sends at most 50 per request, well inside what reports of Xero's payload limit allow.
 */
export const XERO_BATCH_MAX = 50;
/** References or ids per look-up GET: a `where` of OR-ed comparisons (or an id list) stays a short URL. */
const LOOKUP_MAX = 25;

type Element = Record<string, unknown>;

const chunks = <T>(items: T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

const sameText = (a: unknown, b: string) => typeof a === 'string' && a.toLowerCase() === b.toLowerCase();

const live = (element: Element) => element.Status !== 'DELETED' && element.Status !== 'VOIDED';

/** The outcome of one document from its element of a summarizeErrors=false answer. */
const outcomeOf = (c: XeroCollection, doc: LedgerDocument, element: Element | undefined): BatchItemOutcome => {
  if (!element)
    return {
      status: 'uncertain',
      reason: `Xero's answer has no element for ${doc.reference}: it is looked up before it is sent again`,
    };
  const messages = ((element.ValidationErrors as Array<{ Message?: string }> | undefined) ?? [])
    .map((e) => e.Message ?? '')
    .filter(Boolean);
  if (messages.length > 0 || element.HasErrors === true || element.StatusAttributeString === 'ERROR') {
    const words = messages.length ? messages : ['refused without a reason'];
    return {
      status: 'refused',
      reason: `Xero refused ${doc.reference}: ${words.join('; ')}`,
      lockedPeriod: mentionsLockDate(words),
    };
  }
  const id = element[c.idField];
  if (typeof id === 'string' && id) return { status: 'posted', remoteId: id };
  return {
    status: 'uncertain',
    reason: `Xero accepted ${doc.reference} but returned no ${c.idField}: it is looked up before it is sent again`,
  };
};

/** GET a collection filtered to these references (or ids): each look-up is one request per LOOKUP_MAX values. */
const lookUp = async (client: ApiClient, c: XeroCollection, values: string[], by: 'ref' | 'id', full: boolean) => {
  const found: Element[] = [];
  for (const part of chunks(values, LOOKUP_MAX)) {
    const list = by === 'ref' ? c.refList : c.idList;
    const params: Record<string, unknown> = list
      ? { [list]: part.join(',') }
      : {
          where: part
            .map((v) => (by === 'ref' ? `${c.refField}=="${q(v)}"` : `${c.idField}==Guid("${q(v)}")`))
            .join(' OR '),
        };
    // page=1 makes Xero return each document in full (journal lines), up to pageSize per page
    if (full) Object.assign(params, { page: 1, pageSize: 100 });
    const res = await client.request<Record<string, Element[]>>({ method: 'GET', url: c.path, params });
    found.push(...(res.data[c.key] ?? []));
  }
  return found;
};

const byCollection = <T>(items: T[], docOf: (item: T) => LedgerDocument) => {
  const groups = new Map<XeroCollection, number[]>();
  items.forEach((item, index) => {
    const c = collectionOf(docOf(item));
    groups.set(c, [...(groups.get(c) ?? []), index]);
  });
  return groups;
};

/** The total Xero holds for a document (cents): invoice and credit-note Total, payment Amount, journal debits. */
export const xeroTotalOf = (doc: LedgerDocument, found: Element): number | null => {
  if (doc.kind === 'manual-journal') {
    const lines = (found.JournalLines as Array<{ LineAmount: number | string }> | undefined) ?? null;
    if (!lines) return null;
    return lines.reduce((sum, l) => sum + Math.max(0, amountToCents(l.LineAmount)), 0);
  }
  const total = found.Total ?? found.Amount;
  return total === undefined ? null : amountToCents(total as number | string);
};

export const xeroBatch: BatchWrites = {
  maxItems: XERO_BATCH_MAX,
  // 50 store-days give at most 50 invoices and 50 credit notes: one request each
  storeDaysPerChunk: XERO_BATCH_MAX,
  group: (doc) => collectionOf(doc).key,
  // payments name their invoice or credit note by number, which must exist first
  stage: (doc) => (doc.kind === 'payment' ? 1 : 0),

  async sendBatch(client, docs, idempotencyKey) {
    const c = collectionOf(docs[0]);
    if (docs.some((d) => collectionOf(d) !== c)) throw new Error('a Xero batch holds documents of one collection');
    const res = await client.request<Record<string, Element[]>>({
      method: 'PUT',
      url: c.path,
      params: { summarizeErrors: 'false' },
      data: { [c.key]: docs.map((d) => d.payload) },
      headers: { 'Idempotency-Key': idempotencyKey },
      retrySafe: true,
    });
    const elements = res.data[c.key] ?? [];
    return docs.map((doc, index) => {
      // Xero answers the elements in the order sent; the reference field confirms each one
      const ref = refValueOf(doc);
      const atIndex = elements[index];
      const element =
        atIndex && (atIndex[c.refField] === undefined || sameText(atIndex[c.refField], ref))
          ? atIndex
          : elements.find((e) => sameText(e[c.refField], ref));
      return outcomeOf(c, doc, element);
    });
  },

  // invoices and credit notes carry a number Xero keeps unique (docs/providers/xero.md#batched-writes); journals and
  // payments have none, so they are never refused this way
  isDuplicate: (reason) => /\b(Invoice|Credit Note) # must be unique\b/i.test(reason),

  async findExistingMany(client, docs) {
    const result: Array<FoundDocument | null> = docs.map(() => null);
    for (const [c, indexes] of byCollection(docs, (d) => d)) {
      const refs = [...new Set(indexes.map((i) => refValueOf(docs[i])))];
      // in full (a journal's lines too): the total comes with the look-up
      const found = (await lookUp(client, c, refs, 'ref', true)).filter(live);
      for (const i of indexes) {
        const match = found.find((e) => sameText(e[c.refField], refValueOf(docs[i])));
        if (match) result[i] = { remoteId: String(match[c.idField]), totalCents: xeroTotalOf(docs[i], match) };
      }
    }
    return result;
  },

  async readTotals(client, items) {
    const result: Array<number | null> = items.map(() => null);
    for (const [c, indexes] of byCollection(items, (item) => item.doc)) {
      const ids = [...new Set(indexes.map((i) => items[i].remoteId))];
      const found = await lookUp(client, c, ids, 'id', true);
      for (const i of indexes) {
        const match = found.find((e) => sameText(e[c.idField], items[i].remoteId));
        result[i] = match && live(match) ? xeroTotalOf(items[i].doc, match) : null;
      }
    }
    return result;
  },
};
