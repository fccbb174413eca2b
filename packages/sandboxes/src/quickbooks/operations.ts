import { isObject, type JsonObject } from '../core/request-body';
import type { EntityKind } from './entities';
import { validateAgainstXsd } from './entity-validation';
import { faults } from './errors';
import type { QboEntity, QuickBooksSandboxState } from './state';
import type { XsdModel } from './xsd-model';

export interface OperationContext {
  state: QuickBooksSandboxState;
  model: XsdModel;
  nowMs: number;
}

const timestamp = (ms: number) => new Date(ms).toISOString();

const checkShape = (kind: EntityKind, body: unknown, ctx: OperationContext): JsonObject => {
  if (!isObject(body))
    throw faults.unsupportedProperty(
      'Property Name:the request body must be a JSON object specified is unsupported or invalid'
    );
  const violations = validateAgainstXsd(ctx.model, kind.name, body);
  if (violations.length > 0) throw faults.unsupportedProperty(violations[0].detail, violations[0].path);
  return body;
};

export const readEntity = (kind: EntityKind, id: string, state: QuickBooksSandboxState): QboEntity => {
  const found =
    kind.list(state).find((e) => e.Id === id) ??
    (kind.name === 'CompanyInfo' && id === state.realmId ? state.companyInfo : undefined);
  if (!found) throw faults.objectNotFound();
  return found;
};

const current = (kind: EntityKind, body: JsonObject, ctx: OperationContext): QboEntity => {
  const existing = readEntity(kind, String(body.Id), ctx.state);
  if (body.SyncToken === undefined) throw faults.requiredMissing('SyncToken');
  if (String(body.SyncToken) !== existing.SyncToken) throw faults.staleObject();
  return existing;
};

/** POST <entity>: creates, or updates when the body carries an Id (full, or sparse:true to merge). */
export const saveEntity = (kind: EntityKind, body: unknown, ctx: OperationContext): QboEntity => {
  if (!kind.rules) throw faults.unsupportedOperation(`Operation create is not supported for ${kind.name}.`);
  const input = checkShape(kind, body, ctx);
  if (input.Id === undefined) {
    // fault injection "one item refused" (core/item-refusals.ts): refused as a business rule would refuse it
    const refused = ctx.state.refusals.take(input);
    if (refused) throw faults.businessRule(refused);
    const fields = kind.rules(input, { state: ctx.state, nowMs: ctx.nowMs });
    const created: QboEntity = {
      ...fields,
      Id: ctx.state.newId(),
      SyncToken: '0',
      domain: 'QBO',
      sparse: false,
      MetaData: { CreateTime: timestamp(ctx.nowMs), LastUpdatedTime: timestamp(ctx.nowMs) },
    };
    kind.list(ctx.state).push(created);
    return created;
  }
  const existing = current(kind, input, ctx);
  if (kind.transaction && ctx.state.bookCloseDate && String(existing.TxnDate) <= ctx.state.bookCloseDate) {
    throw faults.periodClosed(ctx.state.bookCloseDate);
  }
  const { MetaData: _meta, ...stored } = existing;
  const merged = input.sparse === true ? { ...stored, ...input } : input;
  const fields = kind.rules(merged, { state: ctx.state, nowMs: ctx.nowMs, existing });
  const createTime = isObject(existing.MetaData) ? existing.MetaData.CreateTime : timestamp(ctx.nowMs);
  for (const key of Object.keys(existing)) delete existing[key];
  Object.assign(existing, {
    ...fields,
    Id: String(input.Id),
    SyncToken: String(Number(input.SyncToken) + 1),
    domain: 'QBO',
    sparse: false,
    MetaData: { CreateTime: createTime, LastUpdatedTime: timestamp(ctx.nowMs) },
  });
  return existing;
};

/** POST <entity>?operation=delete with {Id, SyncToken}: transactions only. */
export const deleteEntity = (kind: EntityKind, body: unknown, ctx: OperationContext): JsonObject => {
  if (!kind.deletable) throw faults.unsupportedOperation(`Operation delete is not supported for ${kind.name}.`);
  if (!isObject(body) || body.Id === undefined) throw faults.requiredMissing('Id');
  const existing = current(kind, body, ctx);
  if (ctx.state.bookCloseDate && String(existing.TxnDate) <= ctx.state.bookCloseDate)
    throw faults.periodClosed(ctx.state.bookCloseDate);
  const list = kind.list(ctx.state);
  list.splice(list.indexOf(existing), 1);
  return { domain: 'QBO', status: 'Deleted', Id: existing.Id };
};
