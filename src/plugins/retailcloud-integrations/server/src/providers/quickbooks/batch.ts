import { amountToCents } from '@retailcloud/domain';
import type { BatchItemOutcome, BatchWrites, FoundDocument, LedgerDocument } from '../../accounting/ops';
import type { ApiClient } from '../../engine/http';

/**
 * QuickBooks' batch endpoint: `POST /v3/company/{realm}/batch` with `{"BatchItemRequest":[{bId, operation, <Entity>}]}`
 * answers `{"BatchItemResponse":[{bId, <Entity> | Fault}]}`, each item on its own: a Fault refuses only its item
 * (docs/providers/quickbooks.md#batch). At most 30 items per batch; with `requestid` (at most 36 characters on batch)
 * a repeated request replays the first answer, and each bId may then be at most 10 characters.
 */
export const QBO_BATCH_MAX = 30;
const BATCH_REQUEST_ID_MAX = 36;
/** values per `in (…)` of a look-up query */
const LOOKUP_MAX = 30;

type Entity = Record<string, unknown>;

/** The QuickBooks entity a document kind names: journal-entry → JournalEntry, sales-receipt → SalesReceipt. */
export const entityOf = (doc: LedgerDocument): string => {
  const name = doc.kind
    .split('-')
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
  if (!/^[A-Z][A-Za-z]+$/.test(name)) throw new Error(`unknown QuickBooks document kind ${doc.kind}`);
  return name;
};

/** The URL segment of the entity's single-document endpoint (journalentry, salesreceipt). */
export const pathOf = (doc: LedgerDocument) => entityOf(doc).toLowerCase();

export const docNumberOf = (doc: LedgerDocument) =>
  String((doc.payload as { DocNumber?: string }).DocNumber ?? doc.reference);

const escapeQuery = (value: string) => value.replace(/\\/g, '\\\\').replace(/'/g, "\\'");

const chunks = <T>(items: T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

const byEntity = <T>(items: T[], docOf: (item: T) => LedgerDocument) => {
  const groups = new Map<string, number[]>();
  items.forEach((item, index) => {
    const entity = entityOf(docOf(item));
    groups.set(entity, [...(groups.get(entity) ?? []), index]);
  });
  return groups;
};

const select = async (client: ApiClient, entity: string, field: string, values: string[]): Promise<Entity[]> => {
  const found: Entity[] = [];
  for (const part of chunks(values, LOOKUP_MAX)) {
    const res = await client.request<{ QueryResponse?: Record<string, Entity[] | number> }>({
      method: 'GET',
      url: '/query',
      params: {
        query: `select * from ${entity} where ${field} in (${part.map((v) => `'${escapeQuery(v)}'`).join(', ')}) MAXRESULTS 1000`,
        minorversion: 75,
      },
    });
    const list = res.data.QueryResponse?.[entity];
    if (Array.isArray(list)) found.push(...list);
  }
  return found;
};

/** The total QuickBooks holds for a document (cents): a journal entry's debits, any other transaction's TotalAmt. */
export const qboTotalOf = (entity: string, found: Entity): number | null => {
  if (entity === 'JournalEntry') {
    const lines = found.Line as
      | Array<{ Amount?: number | string; JournalEntryLineDetail?: { PostingType?: string } }>
      | undefined;
    if (!lines) return null;
    return lines
      .filter((l) => l.JournalEntryLineDetail?.PostingType === 'Debit')
      .reduce((sum, l) => sum + amountToCents(l.Amount ?? 0), 0);
  }
  const total = found.TotalAmt;
  return total === undefined ? null : amountToCents(total as number | string);
};

interface QboError {
  Message?: string;
  Detail?: string;
  code?: string;
}

const outcomeOf = (doc: LedgerDocument, item: Entity | undefined): BatchItemOutcome => {
  const entity = entityOf(doc);
  if (!item)
    return {
      status: 'uncertain',
      reason: `QuickBooks' batch answer has no item for ${doc.reference}: it is looked up before it is sent again`,
    };
  const fault = item.Fault as { Error?: QboError[]; type?: string } | undefined;
  if (fault) {
    const errors = fault.Error ?? [];
    const words = errors.map((e) => [e.Message, e.Detail].filter(Boolean).join(': ')).filter(Boolean);
    const reason = `QuickBooks refused ${doc.reference}: ${words.join('; ') || fault.type || 'no reason given'}`;
    // a SystemFault is QuickBooks failing, not refusing: the item may or may not have been saved
    if (fault.type === 'SystemFault') return { status: 'uncertain', reason };
    return {
      status: 'refused',
      reason,
      lockedPeriod: errors.some((e) => e.code === '5010' || /period closed/i.test(`${e.Message} ${e.Detail}`)),
    };
  }
  const saved = item[entity] as { Id?: string } | undefined;
  if (saved?.Id) return { status: 'posted', remoteId: String(saved.Id) };
  return {
    status: 'uncertain',
    reason: `QuickBooks accepted ${doc.reference} but returned no Id: it is looked up before it is sent again`,
  };
};

export const quickbooksBatch: BatchWrites = {
  maxItems: QBO_BATCH_MAX,
  // 60 store-days of two journal entries each: four full batches
  storeDaysPerChunk: 60,
  // one endpoint takes every kind of document
  group: () => 'batch',
  stage: () => 0,

  async sendBatch(client, docs, idempotencyKey) {
    const requestid =
      idempotencyKey.length <= BATCH_REQUEST_ID_MAX ? idempotencyKey : idempotencyKey.slice(-BATCH_REQUEST_ID_MAX);
    const res = await client.request<{ BatchItemResponse?: Entity[] }>({
      method: 'POST',
      url: '/batch',
      params: { requestid, minorversion: 75 },
      data: {
        BatchItemRequest: docs.map((doc, index) => ({
          bId: `b${index}`,
          operation: 'create',
          [entityOf(doc)]: doc.payload,
        })),
      },
      retrySafe: true,
    });
    const items = res.data.BatchItemResponse ?? [];
    return docs.map((doc, index) =>
      outcomeOf(
        doc,
        items.find((item) => item.bId === `b${index}`)
      )
    );
  },

  async findExistingMany(client, docs) {
    const result: Array<FoundDocument | null> = docs.map(() => null);
    for (const [entity, indexes] of byEntity(docs, (d) => d)) {
      const numbers = [...new Set(indexes.map((i) => docNumberOf(docs[i])))];
      // select * answers each entity in full: its total comes with the look-up
      const found = await select(client, entity, 'DocNumber', numbers);
      for (const i of indexes) {
        const match = found.find((e) => e.DocNumber === docNumberOf(docs[i]));
        if (match?.Id) result[i] = { remoteId: String(match.Id), totalCents: qboTotalOf(entity, match) };
      }
    }
    return result;
  },

  async readTotals(client, items) {
    const result: Array<number | null> = items.map(() => null);
    for (const [entity, indexes] of byEntity(items, (item) => item.doc)) {
      const ids = [...new Set(indexes.map((i) => items[i].remoteId))];
      const found = await select(client, entity, 'Id', ids);
      for (const i of indexes) {
        const match = found.find((e) => String(e.Id) === items[i].remoteId);
        result[i] = match ? qboTotalOf(entity, match) : null;
      }
    }
    return result;
  },
};
