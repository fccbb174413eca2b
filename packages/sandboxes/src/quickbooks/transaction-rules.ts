import type { JsonObject } from '../core/request-body';
import { faults } from './errors';
import type { QboEntity, QuickBooksSandboxState } from './state';

export interface RuleContext {
  state: QuickBooksSandboxState;
  nowMs: number;
  /** the stored entity, on update */
  existing?: QboEntity;
}

/** An entity's business rules: the stored fields (without Id, SyncToken, MetaData), or a thrown QboFault. */
export type EntityRules = (input: JsonObject, ctx: RuleContext) => JsonObject;

export const DOC_NUMBER_MAX = 21;

const todayIso = (nowMs: number): string => new Date(nowMs).toISOString().slice(0, 10);

/** TxnDate defaults to today; a date on or before the books' closing date is refused (5010, docs/providers/quickbooks.md#closing-date). */
export const txnDateOf = (input: JsonObject, ctx: RuleContext): string => {
  const date = typeof input.TxnDate === 'string' ? input.TxnDate.slice(0, 10) : todayIso(ctx.nowMs);
  const close = ctx.state.bookCloseDate;
  if (close && date <= close) throw faults.periodClosed(close);
  return date;
};

export const docNumberOf = (input: JsonObject, ctx: RuleContext): string => {
  if (input.DocNumber === undefined || input.DocNumber === null || input.DocNumber === '') {
    return typeof ctx.existing?.DocNumber === 'string' ? ctx.existing.DocNumber : ctx.state.newDocNumber();
  }
  const docNumber = String(input.DocNumber);
  if (docNumber.length > DOC_NUMBER_MAX) throw faults.stringLength('DocNumber', DOC_NUMBER_MAX, docNumber.length);
  return docNumber;
};

export const linesOf = (input: JsonObject): JsonObject[] => {
  if (!Array.isArray(input.Line) || input.Line.length === 0) throw faults.requiredMissing('Line');
  return input.Line as JsonObject[];
};

/** DetailType must name the detail object the line carries, and be one this entity accepts. */
export const detailOf = (line: JsonObject, index: number, allowed: string[]): { type: string; detail: JsonObject } => {
  const type = line.DetailType;
  if (typeof type !== 'string') throw faults.requiredMissing(`Line[${index}].DetailType`);
  if (!allowed.includes(type)) {
    throw faults.unsupportedProperty(
      `Property Name:DetailType ${type} is not supported on this entity specified is unsupported or invalid`,
      `Line[${index}].DetailType`
    );
  }
  const detail = line[type];
  if (type !== 'DescriptionOnly' && type !== 'SubTotalLineDetail' && (detail === undefined || detail === null)) {
    throw faults.requiredMissing(`Line[${index}].${type}`);
  }
  return { type, detail: (detail ?? {}) as JsonObject };
};
