import type Koa from 'koa';
import { isObject, type JsonObject, queryField, requestBody } from '../core/request-body';
import { now, type QboApiDeps } from './api';
import { kindByName } from './entities';
import { answerFault, faults, QboFault } from './errors';
import { deleteEntity, type OperationContext, saveEntity } from './operations';
import { runQuery } from './query';
import { enumerationOf } from './xsd-model';

/** Cap batches at 30 items: Intuit's own material says 10, 30 or 50 (docs/providers/quickbooks.md#limits). */
export const BATCH_MAX_ITEMS = 30;
/** With a requestid, each bId may be at most 10 characters. */
export const BATCH_ID_MAX_WITH_REQUEST_ID = 10;

const ITEM_ATTRIBUTES = new Set(['bId', 'operation', 'optionsData', 'Query', 'ReportQuery', 'CDCQuery']);

const runItem = (item: JsonObject, op: OperationContext, operations: string[]): JsonObject => {
  if (typeof item.Query === 'string') return { QueryResponse: runQuery(item.Query, op.state, op.model) };
  const entityKeys = Object.keys(item).filter((k) => !ITEM_ATTRIBUTES.has(k));
  if (entityKeys.length !== 1) {
    throw faults.unsupportedProperty(
      'Property Name:a batch item carries exactly one entity or Query specified is unsupported or invalid'
    );
  }
  const kind = kindByName(entityKeys[0]);
  if (!kind) {
    throw faults.unsupportedProperty(
      `Property Name:Unrecognized field "${entityKeys[0]}" (class com.intuit.schema.finance.v3.BatchItemRequest), not marked as ignorable specified is unsupported or invalid`
    );
  }
  const operation = typeof item.operation === 'string' ? item.operation : 'create';
  if (!operations.includes(operation)) {
    throw faults.unsupportedProperty(
      `Property Name:Can not construct instance of com.intuit.schema.finance.v3.OperationEnum from String value '${operation}': value not one of declared Enum instance names specified is unsupported or invalid`
    );
  }
  const body = item[entityKeys[0]];
  if (operation === 'delete') return { [kind.name]: deleteEntity(kind, body, op) };
  if (operation === 'update' && !(isObject(body) && body.Id !== undefined)) throw faults.requiredMissing('Id');
  if (operation === 'create' || operation === 'update') return { [kind.name]: saveEntity(kind, body, op) };
  throw faults.unsupportedOperation(`Operation ${operation} is not supported in the sandbox batch.`);
};

/** POST batch: {BatchItemRequest:[{bId, operation, <Entity>|Query}]} → {BatchItemResponse:[{bId, <Entity>|QueryResponse|Fault}]}. */
export const handleBatch = (deps: QboApiDeps) => (ctx: Koa.Context) => {
  const body = requestBody(ctx);
  const items = isObject(body) ? body.BatchItemRequest : undefined;
  if (!Array.isArray(items) || items.length === 0)
    return answerFault(ctx, faults.requiredMissing('BatchItemRequest'), now(deps));
  if (items.length > BATCH_MAX_ITEMS) {
    return answerFault(
      ctx,
      new QboFault(400, [
        {
          Message: 'Batch request has too many items',
          Detail: `The number of BatchItemRequest items (${items.length}) exceeds the maximum of ${BATCH_MAX_ITEMS}.`,
          code: '2010',
          element: 'BatchItemRequest',
        },
      ]),
      now(deps)
    );
  }
  const seen = new Set<string>();
  const withRequestId = queryField(ctx, 'requestid') !== undefined;
  for (const item of items) {
    const bId = isObject(item) ? item.bId : undefined;
    if (typeof bId !== 'string' || !bId)
      return answerFault(ctx, faults.requiredMissing('BatchItemRequest.bId'), now(deps));
    if (seen.has(bId))
      return answerFault(
        ctx,
        faults.unsupportedProperty(`Property Name:bId ${bId} is used twice specified is unsupported or invalid`, 'bId'),
        now(deps)
      );
    if (withRequestId && bId.length > BATCH_ID_MAX_WITH_REQUEST_ID) {
      return answerFault(ctx, faults.stringLength('bId', BATCH_ID_MAX_WITH_REQUEST_ID, bId.length), now(deps));
    }
    seen.add(bId);
  }
  const op: OperationContext = { state: deps.state, model: deps.model, nowMs: now(deps) };
  const operations = enumerationOf(deps.model, 'OperationEnum') ?? ['create', 'update', 'delete'];
  const responses = (items as JsonObject[]).map((item) => {
    try {
      return { bId: item.bId, ...runItem(item, op, operations) };
    } catch (error) {
      if (!(error instanceof QboFault)) throw error;
      return { bId: item.bId, Fault: { Error: error.errors, type: error.type } };
    }
  });
  ctx.body = { BatchItemResponse: responses, time: new Date(now(deps)).toISOString() };
};
