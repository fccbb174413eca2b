import fs from 'node:fs';
import path from 'node:path';
import type Koa from 'koa';
import { CONTROL_PREFIX } from './call-log';
import type { ProviderId } from './providers';

/**
 * The contract recorder: with RCI_CONTRACT_RECORD_DIR set (the test helpers set it), every sandbox appends each
 * request the plugin sent it — recognised by the plugin's User-Agent, so the deliberately bad requests of the sandbox
 * unit tests stay out — as one JSON line to a file per process. The contract test (tests/contract) validates them all
 * against the providers' published contracts. Secrets never reach the file: Authorization keeps only its scheme,
 * cookies are dropped, and client secrets, codes and tokens in a query or body are replaced by a marker.
 */
export const RECORD_DIR_ENV = 'RCI_CONTRACT_RECORD_DIR';

/**
 * How the plugin's requests start their User-Agent (`retailcloud-integrations/<version>`, the plugin's
 * server/src/constants.ts USER_AGENT). Kept here rather than imported so the sandboxes load nothing of the plugin;
 * tests/sandboxes-apart.test.ts checks the two agree.
 */
export const PLUGIN_USER_AGENT_PREFIX = 'retailcloud-integrations/';

export const REDACTED = '[redacted]';

export interface RecordedRequest {
  provider: ProviderId;
  method: string;
  /** path without the query string */
  path: string;
  query: Record<string, string | string[]>;
  /** lower-case names; Authorization is `<scheme> [redacted]` */
  headers: Record<string, string>;
  /** the parsed body (JSON, form fields or text) with secrets redacted; absent when there was none */
  body?: unknown;
  /** the body could not be parsed as its Content-Type says */
  bodyUnparseable?: true;
  /** the sandbox's answer (0: the connection was dropped by an injected fault) */
  status: number;
  /**
   * A test sent this request through the plugin's client on purpose against the contract (header
   * `x-contract-expect: invalid`, e.g. to see the provider's error come back): the contract test requires it to be
   * found invalid, which also proves the checker catches such a request.
   */
  expectInvalid?: true;
}

/** The header a test adds to a request it sends against the contract on purpose (never sent by the plugin itself). */
export const EXPECT_INVALID_HEADER = 'x-contract-expect';

/** Headers that say nothing about the contract (transport) or must never be written (credentials). */
const DROPPED_HEADERS = new Set([
  EXPECT_INVALID_HEADER,
  'host',
  'connection',
  'content-length',
  'accept-encoding',
  'cookie',
  'proxy-authorization',
  'transfer-encoding',
]);
const SECRET_HEADERS = new Set(['x-api-key', 'api-key', 'x-xero-signature', 'x-ecwid-webhook-signature']);

/** Query and body fields that carry credentials (OAuth client secret, codes, tokens, API keys). */
const SECRET_FIELDS = new Set([
  'client_secret',
  'client_assertion',
  'refresh_token',
  'access_token',
  'code_verifier',
  'token',
  'password',
  'apikey',
  'api_key',
]);

const redactFields = <T>(fields: T, grant: boolean): T => {
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) return fields;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields as Record<string, unknown>)) {
    const secret = SECRET_FIELDS.has(key.toLowerCase()) || (grant && key === 'code');
    out[key] = secret && value !== undefined && value !== null && value !== '' ? REDACTED : value;
  }
  return out as T;
};

const isPluginRequest = (ctx: Koa.Context): boolean => ctx.get('user-agent').startsWith(PLUGIN_USER_AGENT_PREFIX);

export const redactHeaders = (headers: Record<string, string | string[] | undefined>): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers)) {
    const key = name.toLowerCase();
    if (raw === undefined || DROPPED_HEADERS.has(key)) continue;
    const value = Array.isArray(raw) ? raw.join(', ') : raw;
    if (key === 'authorization') out[key] = `${value.split(/\s+/)[0]} ${REDACTED}`;
    else out[key] = SECRET_HEADERS.has(key) ? REDACTED : value;
  }
  return out;
};

/** A request as the recorder writes it: query and body copied (routes may coerce the body in place) and redacted. */
export const describeRequest = (provider: ProviderId, ctx: Koa.Context): RecordedRequest => {
  const query = { ...ctx.query } as Record<string, string | string[]>;
  const rawBody: unknown = ctx.request.body;
  const hasBody =
    rawBody !== undefined &&
    !(typeof rawBody === 'object' && rawBody !== null && !Array.isArray(rawBody) && Object.keys(rawBody).length === 0);
  const fields = (typeof rawBody === 'object' && rawBody !== null ? rawBody : {}) as Record<string, unknown>;
  const grant = 'grant_type' in fields || 'grant_type' in query;
  const record: RecordedRequest = {
    provider,
    method: ctx.method,
    path: ctx.path,
    query: redactFields(query, grant),
    headers: redactHeaders(ctx.headers),
    status: 0,
  };
  if (hasBody) record.body = JSON.parse(JSON.stringify(redactFields(rawBody, grant)));
  if (ctx.state.bodyParseError) record.bodyUnparseable = true;
  if (ctx.get(EXPECT_INVALID_HEADER) === 'invalid') record.expectInvalid = true;
  return record;
};

/** Koa middleware (after the body parser): appends the plugin's requests to `<dir>/requests-<pid>.jsonl`. */
export const contractRecorder = (provider: ProviderId, dir: string): Koa.Middleware => {
  const file = path.join(dir, `requests-${process.pid}.jsonl`);
  let ready = false;
  return async (ctx, next) => {
    if (ctx.path.startsWith(CONTROL_PREFIX) || !isPluginRequest(ctx)) return next();
    const record = describeRequest(provider, ctx);
    try {
      await next();
    } finally {
      record.status = ctx.respond === false ? 0 : ctx.status;
      if (!ready) {
        fs.mkdirSync(dir, { recursive: true });
        ready = true;
      }
      fs.appendFileSync(file, `${JSON.stringify(record)}\n`);
    }
  };
};

/** Every request recorded under `dir` (all processes), in file order. */
export const readRecordedRequests = (dir: string): RecordedRequest[] => {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .flatMap((name) =>
      fs
        .readFileSync(path.join(dir, name), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as RecordedRequest)
    );
};
