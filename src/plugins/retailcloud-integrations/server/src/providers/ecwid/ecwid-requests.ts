import { ProviderError } from '../../engine/errors';
import type { ApiClient } from '../../engine/http';

/**
 * Sending many Ecwid requests: a few go one by one; more go through the batch API (at most 500 per batch,
 * `POST /batch` → ticket, `GET /batch?ticket=` until COMPLETED), and each request's own status and body become
 * that item's outcome. A batch POST is not retried after a timeout or reset (it may have been queued); the mapping
 * table and SKU adoption make the rerun safe instead.
 */
export const ECWID_BATCH_MAX = 500;
/** Up to this many requests are sent directly: a batch costs a POST plus at least one poll. */
export const DIRECT_MAX = 3;
const MAX_POLL_MS = 5_000;
/** Batches submitted ahead of the one being awaited. */
const BATCHES_IN_FLIGHT = 3;

export interface EcwidRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** under the store's API base, may carry a query string */
  path: string;
  body?: unknown;
}

export interface EcwidResult {
  /** HTTP status of this request (null when it never ran) */
  status: number | null;
  body: unknown;
  /** "HTTP 409 SKU_ALREADY_EXISTS: SKU A already exists", or null on success */
  error: string | null;
}

interface BatchStatus {
  status: 'QUEUED' | 'IN_PROGRESS' | 'COMPLETED';
  responses?: Array<{
    id?: string;
    status: 'COMPLETED' | 'FAILED' | 'NOT_EXECUTED';
    httpStatusCode?: number;
    httpBody?: unknown;
    escapedHttpBody?: string;
  }>;
}

export const describeEcwidFailure = (status: number | null, body: unknown): string => {
  const b = (body && typeof body === 'object' ? body : {}) as { errorMessage?: string; errorCode?: string };
  const head = [status ? `HTTP ${status}` : null, b.errorCode ?? null].filter(Boolean).join(' ');
  return `${head}${b.errorMessage ? `: ${b.errorMessage}` : ''}` || 'failed without an answer';
};

/** An escapedHttpBody: the answer as JSON text (an answer that is not JSON is kept as its text). */
const parseEscaped = (escaped: string | undefined): unknown => {
  if (escaped === undefined || escaped === '') return undefined;
  try {
    return JSON.parse(escaped);
  } catch {
    return { errorMessage: escaped };
  }
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface SendOptions {
  /** divides polling delays (time-compressed sandbox) */
  timeScale?: number;
  /** after each batch (or direct request) with the results so far for that slice */
  onSlice?: (slice: { from: number; results: EcwidResult[] }) => Promise<void>;
}

const sendDirect = async (client: ApiClient, request: EcwidRequest): Promise<EcwidResult> => {
  try {
    const res = await client.request({ method: request.method, url: request.path, data: request.body });
    return { status: res.status, body: res.data, error: null };
  } catch (error) {
    if (!(error instanceof ProviderError) || error.status === null) throw error; // not connected, network: the run stops
    return { status: error.status, body: null, error: error.describe() };
  }
};

const submitBatch = async (client: ApiClient, slice: EcwidRequest[]): Promise<string> => {
  const submitted = await client.request<{ ticket: string }>({
    method: 'POST',
    url: '/batch',
    params: { stopOnFirstFailure: false },
    data: slice.map((r, i) => ({
      id: String(i),
      method: r.method,
      path: r.path,
      // the JSON itself, as Ecwid's own API client sends it (docs/providers/ecwid.md#batch)
      ...(r.body !== undefined ? { body: r.body } : {}),
    })),
  });
  return submitted.data.ticket;
};

const awaitBatch = async (
  client: ApiClient,
  ticket: string,
  slice: EcwidRequest[],
  timeScale: number
): Promise<EcwidResult[]> => {
  // Ecwid gives no completion estimate: start with a wait in proportion to the batch, then back off.
  let wait = Math.min(2_000, Math.max(100, slice.length * 5)) / timeScale;
  for (;;) {
    await sleep(wait);
    const polled = await client.request<BatchStatus>({
      method: 'GET',
      url: '/batch',
      // escapedJson: each answer as an escaped JSON string (escapedHttpBody), parsed here, as Ecwid's own client asks
      params: { ticket, escapedJson: true },
      retrySafe: true,
    });
    if (polled.data.status === 'COMPLETED') {
      const byId = new Map((polled.data.responses ?? []).map((r, i) => [r.id ?? String(i), r]));
      return slice.map((_, i) => {
        const r = byId.get(String(i));
        if (!r || r.status === 'NOT_EXECUTED')
          return { status: null, body: null, error: 'not executed by Ecwid (batch stopped)' };
        const body = parseEscaped(r.escapedHttpBody) ?? r.httpBody ?? null;
        const status = r.httpStatusCode ?? null;
        return r.status === 'COMPLETED' && status !== null && status < 300
          ? { status, body, error: null }
          : { status, body, error: describeEcwidFailure(status, body) };
      });
    }
    wait = Math.min(wait * 1.5, MAX_POLL_MS / timeScale);
  }
};

/** Send requests in order; results in the same order. */
export const sendEcwidRequests = async (
  client: ApiClient,
  requests: EcwidRequest[],
  opts: SendOptions = {}
): Promise<EcwidResult[]> => {
  const results: EcwidResult[] = [];
  const timeScale = opts.timeScale ?? 1;
  if (requests.length <= DIRECT_MAX) {
    for (const request of requests) {
      const result = await sendDirect(client, request);
      results.push(result);
      await opts.onSlice?.({ from: results.length - 1, results: [result] });
    }
    return results;
  }
  // A few batches in flight at once, so one batch's processing overlaps the next one's upload; results are still
  // handled in order.
  const starts: number[] = [];
  for (let from = 0; from < requests.length; from += ECWID_BATCH_MAX) starts.push(from);
  let next = 0;
  const launch = () => {
    const from = starts[next++];
    const slice = requests.slice(from, from + ECWID_BATCH_MAX);
    const promise = submitBatch(client, slice).then((ticket) => awaitBatch(client, ticket, slice, timeScale));
    promise.catch(() => undefined); // awaited below in order; this only keeps a later failure from going unhandled
    return { from, promise };
  };
  const inFlight: Array<ReturnType<typeof launch>> = [];
  while (inFlight.length < BATCHES_IN_FLIGHT && next < starts.length) inFlight.push(launch());
  while (inFlight.length > 0) {
    const head = inFlight.shift() as ReturnType<typeof launch>;
    const slice = await head.promise;
    results.push(...slice);
    await opts.onSlice?.({ from: head.from, results: slice });
    if (next < starts.length) inFlight.push(launch());
  }
  return results;
};

/** Every item of an Ecwid search (GET with offset/limit; at most 100 per page). */
export const listAll = async <T>(
  client: ApiClient,
  path: string,
  params: Record<string, unknown> = {}
): Promise<T[]> => {
  const items: T[] = [];
  for (let offset = 0; ; offset += 100) {
    const res = await client.request<{ total: number; count: number; items: T[] }>({
      method: 'GET',
      url: path,
      params: { ...params, offset, limit: 100 },
    });
    items.push(...res.data.items);
    if (res.data.count === 0 || items.length >= res.data.total) return items;
  }
};
