import type Koa from 'koa';
import type { ItemRefusals } from '../core/item-refusals';
import { bodyParseError, isObject, type JsonObject, requestBody } from '../core/request-body';
import { postDataInvalid, validationException, type XeroValidationElement } from './errors';
import { envelope } from './present';
import { validateCollectionBody, type XeroCollection } from './schema';

/**
 * The elements of a PUT/POST body, `{ Invoices: [...] }` or a single element, validated against the OpenAPI schemas.
 * Answers the error itself and returns undefined when the body is unusable.
 */
export const readCollection = (ctx: Koa.Context, collection: XeroCollection): JsonObject[] | undefined => {
  const parseError = bodyParseError(ctx);
  if (parseError) return void postDataInvalid(ctx, `JSON for post data was invalid, ${parseError.message}`);
  const raw = requestBody(ctx);
  if (!isObject(raw))
    return void postDataInvalid(ctx, 'JSON for post data was invalid, the body must be a JSON object');
  const body = collection in raw ? raw : { [collection]: [raw] };
  const problems = validateCollectionBody(collection, body);
  const typeProblems = problems.filter((p) => p.keyword !== 'required');
  if (typeProblems.length > 0) {
    const first = typeProblems[0];
    return void postDataInvalid(ctx, `JSON for post data was invalid, ${first.message}. Path '${first.path}'.`);
  }
  const elements = (body as Record<string, unknown>)[collection];
  if (!Array.isArray(elements) || elements.length === 0) {
    return void validationException(ctx, [
      { element: {}, messages: [`${collection} must contain at least one element`] },
    ]);
  }
  const required = problems.filter((p) => p.keyword === 'required');
  if (required.length > 0) {
    const byIndex = new Map<number, string[]>();
    for (const p of required) byIndex.set(p.index ?? 0, [...(byIndex.get(p.index ?? 0) ?? []), p.message]);
    return void validationException(
      ctx,
      [...byIndex.entries()].map(([index, messages]) => ({ element: elements[index] as JsonObject, messages }))
    );
  }
  return elements as JsonObject[];
};

export interface ElementOutcome {
  element: JsonObject;
  messages: string[];
  /** stores the document and returns it as Xero presents it; only called when there are no messages */
  commit?: () => Record<string, unknown>;
}

/**
 * summarizeErrors=true (default): any failure answers 400 with the failing elements and nothing is stored.
 * summarizeErrors=false: 200 with the stored elements and the failed ones carrying ValidationErrors.
 */
export const answerElements = (
  ctx: Koa.Context,
  collection: XeroCollection,
  outcomes: ElementOutcome[],
  nowMs: number
) => {
  const summarize = String(ctx.query.summarizeErrors ?? 'true').toLowerCase() !== 'false';
  // fault injection "one item refused" (core/item-refusals.ts): the element is refused like any other invalid one
  const refusals = ctx.state.xeroRefusals as ItemRefusals | undefined;
  for (const o of outcomes) {
    const refused = o.messages.length === 0 ? refusals?.take(o.element) : undefined;
    if (refused) o.messages.push(refused);
  }
  const failed: XeroValidationElement[] = outcomes
    .filter((o) => o.messages.length > 0)
    .map((o) => ({ element: o.element, messages: o.messages }));
  if (summarize && failed.length > 0) return validationException(ctx, failed);
  const items = outcomes.map((o) =>
    o.messages.length === 0 && o.commit
      ? { ...o.commit(), StatusAttributeString: 'OK' }
      : {
          ...o.element,
          HasErrors: true,
          StatusAttributeString: 'ERROR',
          ValidationErrors: o.messages.map((Message) => ({ Message })),
        }
  );
  ctx.status = 200;
  ctx.body = envelope(collection, items, nowMs);
};
