import crypto from 'node:crypto';
import { type EcwidOutcome, runEcwidOperation, splitPath } from './catalog';
import { batchBody, checkEcwidRequest } from './contract';
import type { EcwidBatch, EcwidSandboxState } from './state';

export { ECWID_BATCH_MAX } from './contract';

/** Requests the sandbox runs per tick, so a poll can see IN_PROGRESS on a large batch. */
const REQUESTS_PER_TICK = 100;

const fail = (status: number, errorMessage: string, errorCode?: string): EcwidOutcome => ({
  status,
  body: { errorMessage, ...(errorCode ? { errorCode } : {}) },
});

const runBatch = (state: EcwidSandboxState, batch: EcwidBatch): void => {
  batch.status = 'IN_PROGRESS';
  const end = Math.min(batch.requests.length, batch.next + REQUESTS_PER_TICK);
  for (; batch.next < end; batch.next += 1) {
    const request = batch.requests[batch.next];
    const { path, query } = splitPath(request.path);
    // the body as a string (the reference's table) or as the JSON itself (Ecwid's own client)
    let body: unknown = request.body ?? undefined;
    if (typeof body === 'string') {
      try {
        body = body ? JSON.parse(body) : undefined;
      } catch {
        request.status = 'FAILED';
        request.httpStatusCode = 400;
        request.httpBody = { errorMessage: 'The request body is not valid JSON' };
        continue;
      }
    }
    // each request inside is held to its own operation: scope, query and body
    const refusal = checkEcwidRequest(batch.scopes, { method: request.method, path, query, body });
    const outcome = refusal ?? runEcwidOperation(state, { method: request.method, path, query, body });
    request.status = outcome.status < 300 ? 'COMPLETED' : 'FAILED';
    request.httpStatusCode = outcome.status;
    request.httpBody = outcome.body;
    if (request.status === 'FAILED' && batch.stopOnFirstFailure) {
      batch.next = batch.requests.length; // the rest stay NOT_EXECUTED
      break;
    }
  }
  if (batch.next >= batch.requests.length) batch.status = 'COMPLETED';
  else setImmediate(() => runBatch(state, batch));
};

const STATUS_LINES: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  500: 'Internal Server Error',
};
const statusLine = (status: number): string => STATUS_LINES[status] ?? 'Unknown';

/** POST /batch: queue the requests, answer {ticket}; the store works through them in the background. */
export const submitBatch = (
  state: EcwidSandboxState,
  body: unknown,
  opts: { stopOnFirstFailure: boolean; scopes: string[] }
): EcwidOutcome => {
  const parsed = batchBody.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(
      400,
      `Can't create batch. Batch request body is invalid. Path $${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}: ${issue.message}`
    );
  }
  const batch: EcwidBatch = {
    ticket: crypto.randomUUID(),
    status: 'QUEUED',
    stopOnFirstFailure: opts.stopOnFirstFailure,
    scopes: opts.scopes,
    requests: parsed.data.map((r) => ({ ...r, status: 'NOT_EXECUTED' as const })),
    next: 0,
  };
  state.batches.set(batch.ticket, batch);
  setImmediate(() => runBatch(state, batch));
  return { status: 200, body: { ticket: batch.ticket } };
};

/**
 * GET /batch?ticket=: the status and, per request, its status, HTTP status and body: `httpBody` (the JSON itself), or
 * with `escapedJson=true` `escapedHttpBody` (the JSON as an escaped string) instead.
 */
export const batchStatus = (
  state: EcwidSandboxState,
  ticket: string | undefined,
  escapedJson = false
): EcwidOutcome => {
  const batch = ticket ? state.batches.get(ticket) : undefined;
  if (!batch) return fail(404, `Batch ${ticket ?? ''} not found`, 'BATCH_NOT_FOUND');
  return {
    status: 200,
    body: {
      status: batch.status,
      totalRequests: batch.requests.length,
      completedRequests: batch.requests.filter((r) => r.status !== 'NOT_EXECUTED').length,
      responses: batch.requests.map((r) => ({
        ...(r.id !== undefined ? { id: r.id } : {}),
        status: r.status,
        ...(r.httpStatusCode !== undefined
          ? {
              httpStatusCode: r.httpStatusCode,
              httpStatusLine: statusLine(r.httpStatusCode),
              ...(escapedJson ? { escapedHttpBody: JSON.stringify(r.httpBody ?? null) } : { httpBody: r.httpBody }),
            }
          : {}),
      })),
    },
  };
};
