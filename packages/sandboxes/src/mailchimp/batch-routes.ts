import crypto from 'node:crypto';
import type Router from '@koa/router';
import { isObject, requestBody } from '../core/request-body';
import type { MailchimpApiDeps, MailchimpRouteModule } from './api';
import type { SandboxBatch, SandboxBatchResult } from './audience-state';
import { gzipTar } from './batch-archive';
import { invalidResource, notFound } from './errors';
import { memberPatchAnswer } from './list-routes';

/** Results per JSON file in the archive (Mailchimp splits large results over several files). */
const RESULTS_PER_FILE = 100;
const MEMBER_PATCH = /^\/lists\/([^/?]+)\/members\/([^/?]+)$/;
const archiveName = (id: string) => `${id}-response.tar.gz`;

const present = (b: SandboxBatch, publicUrl: string) => ({
  id: b.id,
  status: b.status,
  total_operations: b.total,
  finished_operations: b.status === 'finished' ? b.total : 0,
  errored_operations: b.status === 'finished' ? b.results.filter((r) => r.status_code >= 400).length : 0,
  submitted_at: new Date(b.submittedAtMs).toISOString(),
  completed_at: b.completedAtMs === null ? '' : new Date(b.completedAtMs).toISOString(),
  response_body_url: b.status === 'finished' ? `${publicUrl}/batch-results/${archiveName(b.id)}` : '',
  _links: [],
});

/**
 * Batch operations (docs/providers/mailchimp.md#batches). The request is checked against the contract first (each
 * operation's body against the schema of the operation it names). The sandbox runs the member updates a sync sends
 * (`PATCH /lists/{id}/members/{hash}`, without query parameters) and refuses any other operation inside a batch: a
 * limit of the sandbox, not of Mailchimp. Operations are applied when the batch is queued; its status moves pending → started → finished over
 * `batchPollsToFinish` status reads, and only then is the results archive served.
 */
export const mountBatchRoutes: MailchimpRouteModule = (api, deps) => {
  const store = deps.state.audience;
  const now = () => deps.sandbox.clock.now();

  api.post('/batches', (ctx) => {
    const body = requestBody(ctx);
    const operations = isObject(body) && Array.isArray(body.operations) ? body.operations.filter(isObject) : [];
    const unmodelled = operations.findIndex((op) => op.method !== 'PATCH' || !MEMBER_PATCH.test(String(op.path)));
    if (unmodelled >= 0) {
      return invalidResource(ctx, [
        {
          field: `operations.${unmodelled}.path`,
          message: 'the sandbox runs only member updates (PATCH /lists/{list_id}/members/{subscriber_hash}) in a batch',
        },
      ]);
    }
    // query parameters are valid per the contract, but the sandbox does not apply them: refused, never ignored
    const withParams = operations.findIndex((op) => op.params !== undefined);
    if (withParams >= 0) {
      return invalidResource(ctx, [
        { field: `operations.${withParams}.params`, message: 'the sandbox runs batch operations without params' },
      ]);
    }
    const results: SandboxBatchResult[] = operations.map((op) => {
      const [, listId, hash] = MEMBER_PATCH.exec(String(op.path)) as RegExpExecArray;
      const answer = memberPatchAnswer(
        store,
        decodeURIComponent(listId),
        decodeURIComponent(hash),
        JSON.parse(String(op.body ?? 'null')),
        now()
      );
      return {
        status_code: answer.status,
        operation_id: typeof op.operation_id === 'string' ? op.operation_id : null,
        response: JSON.stringify(answer.body),
      };
    });
    const batch: SandboxBatch = {
      id: store.nextId(),
      status: 'pending',
      total: operations.length,
      polls: 0,
      submittedAtMs: now(),
      completedAtMs: null,
      results,
    };
    store.batches.push(batch);
    ctx.body = present(batch, deps.sandbox.publicUrl());
  });

  api.get('/batches/:batchId', (ctx) => {
    const batch = store.batches.find((b) => b.id === ctx.params.batchId);
    if (!batch) return notFound(ctx);
    if (batch.status !== 'finished') {
      batch.polls += 1;
      if (batch.polls >= store.batchPollsToFinish) {
        batch.status = 'finished';
        batch.completedAtMs = now();
      } else batch.status = 'started';
    }
    ctx.body = present(batch, deps.sandbox.publicUrl());
  });
};

/** The results archive behind `response_body_url`: a pre-signed link, so no Authorization header is needed. */
export const mountBatchArchiveRoute = (router: Router, deps: MailchimpApiDeps): void => {
  router.get('/batch-results/:archive', (ctx) => {
    const batch = deps.state.audience.batches.find((b) => archiveName(b.id) === ctx.params.archive);
    if (batch?.status !== 'finished') {
      ctx.status = 404;
      ctx.type = 'text/plain';
      ctx.body = 'NoSuchKey';
      return;
    }
    const files = [];
    for (let i = 0; i < batch.results.length; i += RESULTS_PER_FILE) {
      files.push({
        name: `${crypto.randomUUID()}.json`,
        content: JSON.stringify(batch.results.slice(i, i + RESULTS_PER_FILE)),
      });
    }
    ctx.type = 'application/x-gzip';
    ctx.body = gzipTar(batch.id, files, batch.completedAtMs ?? deps.sandbox.clock.now());
  });
};
