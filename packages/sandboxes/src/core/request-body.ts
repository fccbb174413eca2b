import type Koa from 'koa';

export type JsonObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The parsed request body (JSON, form or text) as koa-body left it. */
export const requestBody = (ctx: Koa.Context): unknown => ctx.request.body;

/** Set by the body parser when the body could not be parsed (malformed JSON, wrong content for the type). */
export const bodyParseError = (ctx: Koa.Context): Error | undefined => ctx.state.bodyParseError as Error | undefined;

/** One string field of a form or JSON body (the first, when a form repeats it). */
export const bodyField = (body: unknown, name: string): string | undefined => {
  if (!isObject(body)) return undefined;
  const value = body[name];
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' ? value : undefined;
};

/** Every value of a repeated form field. */
export const bodyFieldAll = (body: unknown, name: string): string[] => {
  if (!isObject(body)) return [];
  const value = body[name];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
};

export const queryField = (ctx: Koa.Context, name: string): string | undefined => {
  const value: unknown = ctx.query[name];
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' ? value : undefined;
};
