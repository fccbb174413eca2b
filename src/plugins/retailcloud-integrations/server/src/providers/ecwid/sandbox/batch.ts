import crypto from 'node:crypto';
import { z } from 'zod';
import { type EcwidOutcome, runEcwidOperation, splitPath } from './catalog';
import type { EcwidBatch, EcwidSandboxState } from './state';

/** provider-facts: at most 500 requests per batch. */
export const ECWID_BATCH_MAX = 500;
/** Requests the sandbox runs per tick, so a poll can see IN_PROGRESS on a large batch. */
const REQUESTS_PER_TICK = 100;

const batchBody = z
  .array(
    z.object({
      id: z.string().optional(),
      path: z.string().min(1),
      method: z.string().min(1),
      body: z.string().optional(),
    })
  )
  .min(1)
  .max(ECWID_BATCH_MAX, `A batch holds at most ${ECWID_BATCH_MAX} requests`);

const fail = (status: number, errorMessage: string, errorCode: string): EcwidOutcome => ({
  status,
  body: { errorMessage, errorCode },
});

const runBatch = (state: EcwidSandboxState, batch: EcwidBatch): void => {
  batch.status = 'IN_PROGRESS';
  const end = Math.min(batch.requests.length, batch.next + REQUESTS_PER_TICK);
  for (; batch.next < end; batch.next += 1) {
    const request = batch.requests[batch.next];
    const { path, query } = splitPath(request.path);
    let body: unknown;
    try {
      body = request.body ? JSON.parse(request.body) : undefined;
    } catch {
      request.status = 'FAILED';
      request.httpStatusCode = 400;
      request.httpBody = { errorMessage: 'The request body is not valid JSON', errorCode: 'INVALID_REQUEST' };
      continue;
    }
    const outcome = runEcwidOperation(state, { method: request.method, path, query, body });
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

/** POST /batch: queue the requests, answer {ticket}; the store works through them in the background. */
export const submitBatch = (state: EcwidSandboxState, body: unknown, stopOnFirstFailure: boolean): EcwidOutcome => {
  const parsed = batchBody.safeParse(body);
  if (!parsed.success) return fail(400, parsed.error.issues[0].message, 'INVALID_REQUEST');
  const batch: EcwidBatch = {
    ticket: crypto.randomUUID(),
    status: 'QUEUED',
    stopOnFirstFailure,
    requests: parsed.data.map((r) => ({ ...r, status: 'NOT_EXECUTED' as const })),
    next: 0,
  };
  state.batches.set(batch.ticket, batch);
  setImmediate(() => runBatch(state, batch));
  return { status: 200, body: { ticket: batch.ticket } };
};

/** GET /batch?ticket=: the status and, per request, its status, HTTP status and body. */
export const batchStatus = (state: EcwidSandboxState, ticket: string | undefined): EcwidOutcome => {
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
        ...(r.httpStatusCode !== undefined ? { httpStatusCode: r.httpStatusCode, httpBody: r.httpBody } : {}),
      })),
    },
  };
};
