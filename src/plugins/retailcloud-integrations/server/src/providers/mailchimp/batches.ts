import { Parser } from 'tar';
import { z } from 'zod';
import { ProviderError } from '../../engine/errors';
import { type ApiClient, createBareHttp } from '../../engine/http';

/**
 * Mailchimp batch operations (docs/providers/mailchimp.md#batches): `POST /batches` queues up to our
 * `MAX_BATCH_OPERATIONS` operations (each body a JSON string), `GET /batches/{id}` reports progress until `finished`,
 * and the results are a gzipped tar archive at `response_body_url` (#batch-results): JSON files, each an array of
 * `{status_code, operation_id, response}` where `response` is the operation's answer as a JSON string.
 */

/** Our own cap per batch: keeps one archive small and one lost batch cheap to send again (Mailchimp states none). */
export const MAX_BATCH_OPERATIONS = 500;

export interface BatchOperation {
  /** our key for the operation, echoed back as operation_id */
  id: string;
  method: 'PATCH';
  /** relative to /3.0 */
  path: string;
  body: unknown;
}

export interface BatchOperationResult {
  operation_id: string | null;
  status_code: number;
  /** the operation's answer, parsed (a member, or a problem document) */
  response: unknown;
}

const batchStatus = z.object({
  id: z.string(),
  status: z.enum(['pending', 'preprocessing', 'started', 'finalizing', 'finished']),
  total_operations: z.number().optional(),
  finished_operations: z.number().optional(),
  errored_operations: z.number().optional(),
  response_body_url: z.string().optional().nullable(),
});

const resultFile = z.array(
  z.object({
    status_code: z.number(),
    operation_id: z.string().nullable().optional(),
    response: z.string().nullable().optional(),
  })
);

/** One result file of the archive: its path inside the archive and its content. */
export interface ArchiveFile {
  name: string;
  data: Buffer;
}

/**
 * The regular files of a gzipped tar archive, read with node-tar (`tar`, npm's own archive library) rather than by hand:
 * it handles the ustar, GNU and pax variants (long names, extended headers), checks each header's checksum and
 * detects the gzip itself. A damaged or truncated archive rejects instead of yielding partial results.
 */
export const archiveFiles = (gzipped: Buffer): Promise<ArchiveFile[]> =>
  new Promise((resolve, reject) => {
    const files: ArchiveFile[] = [];
    const parser = new Parser({
      strict: true,
      onReadEntry: (entry) => {
        // directories, links and metadata entries carry no results
        if (entry.type !== 'File' && entry.type !== 'OldFile') return entry.resume();
        const chunks: Buffer[] = [];
        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
        entry.on('end', () => files.push({ name: entry.path, data: Buffer.concat(chunks) }));
      },
    });
    parser.on('error', (error: Error) =>
      reject(new Error(`the batch results archive could not be read (${error.message})`))
    );
    parser.on('end', () => resolve(files));
    parser.end(gzipped);
  });

/** The operation results in a batch results archive (gzipped tar of JSON files). */
export const readBatchArchive = async (gzipped: Buffer): Promise<BatchOperationResult[]> => {
  const results: BatchOperationResult[] = [];
  for (const file of await archiveFiles(gzipped)) {
    if (!file.name.endsWith('.json')) continue;
    for (const item of resultFile.parse(JSON.parse(file.data.toString('utf8')))) {
      let response: unknown = null;
      try {
        response = item.response ? JSON.parse(item.response) : null;
      } catch {
        response = item.response;
      }
      results.push({ operation_id: item.operation_id ?? null, status_code: item.status_code, response });
    }
  }
  return results;
};

export class BatchNotFinishedError extends Error {
  constructor(readonly batchId: string) {
    super(`Mailchimp batch ${batchId} had not finished when we stopped waiting; its changes are sent again next time`);
    this.name = 'BatchNotFinishedError';
  }
}

/**
 * Queue the operations as one batch, wait for Mailchimp to finish it (polling every `pollMs`, giving up after
 * `maxWaitMs`) and read its results archive. The archive link is pre-signed: it is fetched without our credentials.
 * Only send operations that are safe to apply twice (the POST is retried after a lost answer).
 */
export const runBatch = async (
  client: ApiClient,
  operations: BatchOperation[],
  opts: { pollMs: number; maxWaitMs: number; sleep?: (ms: number) => Promise<void> }
): Promise<Map<string, BatchOperationResult>> => {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const started = await client.request({
    method: 'POST',
    url: '/batches',
    data: {
      operations: operations.map((op) => ({
        method: op.method,
        path: op.path,
        operation_id: op.id,
        body: JSON.stringify(op.body),
      })),
    },
    retrySafe: true,
  });
  let batch = batchStatus.parse(started.data);
  const deadline = Date.now() + opts.maxWaitMs;
  while (batch.status !== 'finished') {
    if (Date.now() >= deadline) throw new BatchNotFinishedError(batch.id);
    await sleep(opts.pollMs);
    batch = batchStatus.parse(
      (await client.request({ method: 'GET', url: `/batches/${encodeURIComponent(batch.id)}` })).data
    );
  }
  const out = new Map<string, BatchOperationResult>();
  if (!batch.response_body_url) return out;
  let archive: Buffer;
  try {
    const res = await createBareHttp().get<ArrayBuffer>(batch.response_body_url, { responseType: 'arraybuffer' });
    archive = Buffer.from(res.data);
  } catch (error) {
    throw new ProviderError({
      provider: 'mailchimp',
      status: null,
      code: 'BATCH_RESULTS',
      message: `the results of Mailchimp batch ${batch.id} could not be downloaded (${error instanceof Error ? error.message : String(error)})`,
      retryable: true,
    });
  }
  for (const result of await readBatchArchive(archive)) if (result.operation_id) out.set(result.operation_id, result);
  return out;
};
