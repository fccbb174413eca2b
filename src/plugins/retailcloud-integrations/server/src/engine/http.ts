import axios, { type AxiosError, type AxiosInstance, type AxiosRequestConfig, type Method } from 'axios';
import axiosRetry, { exponentialDelay } from 'axios-retry';
import { type ProviderId, USER_AGENT } from '../constants';
import type { ProviderAdapter } from '../providers/types';
import { type CallClass, type CallGate, currentCallClass, processGate } from './budgets';
import { ProviderError, retryAfterSeconds } from './errors';

/**
 * The one HTTP client for every provider: timeouts; retries with backoff only where a retry cannot duplicate a write
 * (reads, or writes carrying the provider's idempotency key); Retry-After honoured on 429; per-account concurrency
 * and per-minute limits and the day's call budget (engine/budgets.ts: asked before every attempt, retries included,
 * shared across instances through the database or Redis); error bodies turned into ProviderError with the provider's own words.
 * Tokens travel only in request headers and never reach an error, a log line or a response.
 */
export const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_RETRIES = 4;

export interface ApiRequest {
  method: Method;
  /** absolute URL, or a path under the client's base URL */
  url: string;
  params?: Record<string, unknown>;
  data?: unknown;
  headers?: Record<string, string>;
  /** The request may be retried after a 5xx, timeout or reset: true for reads and for writes that carry an idempotency key. */
  retrySafe?: boolean;
  timeoutMs?: number;
}

export interface ApiClientOptions {
  adapter: ProviderAdapter;
  baseUrl: string;
  /**
   * The Authorization header for an attempt; after a 401, called once with the header value the provider refused (the
   * one that request sent: concurrent requests of one client each name their own, so one expiry means one refresh).
   */
  getAuthHeader: (refused: string | null) => Promise<Record<string, string>>;
  extraHeaders?: Record<string, string>;
  limiterKey: string;
  /**
   * The connection's call budget (engine/budgets.ts): a slot for calls in progress around each request, and room in
   * the minute window and the day before every attempt. Without it: the per-minute and concurrency limits of this
   * process only.
   */
  gate?: CallGate;
  /** >1 compresses the per-minute window (sandbox benchmarks and tests that run against a time-scaled sandbox) */
  rateLimitTimeScale?: number;
  timeoutMs?: number;
  /** base backoff in ms (tests shrink it) */
  backoffMs?: number;
  onCall?: (info: { method: string; url: string; status: number | null; ms: number }) => void;
}

const RETRY_SAFE = Symbol.for('rci.retrySafe');
/** the budget class of the work that made the request (captured before it waits for a slot) */
const CALL_CLASS = Symbol.for('rci.callClass');
type TaggedConfig = AxiosRequestConfig & { [RETRY_SAFE]?: boolean; [CALL_CLASS]?: CallClass };

const isTransient = (error: AxiosError): boolean => {
  const status = error.response?.status;
  if (status === undefined) return error.code !== 'ERR_CANCELED'; // timeout, reset, refused
  return status >= 500 && status !== 501;
};

export const createBareHttp = (timeoutMs = DEFAULT_TIMEOUT_MS): AxiosInstance =>
  axios.create({
    timeout: timeoutMs,
    validateStatus: (s) => s >= 200 && s < 300,
    maxRedirects: 0,
    headers: { 'User-Agent': USER_AGENT },
  });

export const toProviderError = (adapter: ProviderAdapter, error: unknown): ProviderError => {
  if (error instanceof ProviderError) return error;
  const ax = error as AxiosError;
  if (ax?.isAxiosError) {
    if (ax.response) {
      const parsed = adapter.parseError(ax.response.status, ax.response.data);
      return new ProviderError({
        provider: adapter.id,
        status: ax.response.status,
        code: parsed.code,
        message: parsed.message,
        details: parsed.details,
        retryable: ax.response.status === 429 || ax.response.status >= 500,
        retryAfterSeconds: retryAfterSeconds(ax.response.headers?.['retry-after']),
      });
    }
    const what =
      ax.code === 'ECONNABORTED' || ax.code === 'ETIMEDOUT' ? 'timed out' : `failed (${ax.code ?? 'network error'})`;
    return new ProviderError({
      provider: adapter.id,
      status: null,
      code: ax.code ?? 'NETWORK',
      message: `The request to ${adapter.name} ${what}; it may or may not have been applied`,
      retryable: true,
    });
  }
  return new ProviderError({
    provider: adapter.id,
    status: null,
    code: null,
    message: error instanceof Error ? error.message : String(error),
  });
};

export interface ApiClient {
  provider: ProviderId;
  request<T = unknown>(req: ApiRequest): Promise<{ status: number; data: T; headers: Record<string, string> }>;
}

export const createApiClient = (opts: ApiClientOptions): ApiClient => {
  const http = axios.create({
    baseURL: opts.baseUrl,
    timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRedirects: 0,
    headers: { 'User-Agent': USER_AGENT },
  });
  const backoff = opts.backoffMs ?? 200;
  const gate = opts.gate ?? processGate(opts.limiterKey, opts.adapter.limits, opts.rateLimitTimeScale);
  // Every attempt, retries included, waits for the minute window and counts in the day's budget (a request
  // interceptor runs again for each retry axios-retry sends); a call the budget refuses is never sent.
  http.interceptors.request.use(async (config) => {
    await gate.attempt({ url: config.url, cls: (config as TaggedConfig)[CALL_CLASS] ?? 'daily' });
    return config;
  });
  // registered before axios-retry's: sees every answer, the ones retried too
  http.interceptors.response.use(
    (res) => {
      gate.observe(res.headers as Record<string, unknown>);
      return res;
    },
    (error: AxiosError) => {
      if (error?.response) gate.observe(error.response.headers as Record<string, unknown>);
      return Promise.reject(error);
    }
  );
  axiosRetry(http, {
    retries: MAX_RETRIES,
    shouldResetTimeout: true,
    retryDelay: (n, error) => exponentialDelay(n, error, backoff),
    retryCondition: (error) => {
      if (error.response?.status === 429) return true; // rejected before processing: always safe to resend
      return Boolean((error.config as TaggedConfig | undefined)?.[RETRY_SAFE]) && isTransient(error);
    },
    onRetry: async (_n, _error, config) => {
      // a retry must carry a still-valid token
      Object.assign(config.headers ?? {}, await opts.getAuthHeader(null));
    },
  });

  const send = async <T>(req: ApiRequest, refused: string | null) => {
    const config: TaggedConfig = {
      method: req.method,
      url: req.url,
      params: req.params,
      data: req.data,
      timeout: req.timeoutMs,
      headers: {
        Accept: 'application/json',
        ...opts.extraHeaders,
        ...req.headers,
        ...(await opts.getAuthHeader(refused)),
      },
      [RETRY_SAFE]: req.retrySafe ?? (req.method.toUpperCase() === 'GET' || req.method.toUpperCase() === 'HEAD'),
      [CALL_CLASS]: currentCallClass(),
    };
    const started = Date.now();
    try {
      const res = await gate.slot(() => http.request<T>(config));
      opts.onCall?.({ method: req.method, url: req.url, status: res.status, ms: Date.now() - started });
      return { status: res.status, data: res.data, headers: res.headers as Record<string, string> };
    } catch (error) {
      if (!(error as AxiosError).isAxiosError) throw error; // refused by the budget: nothing was sent
      opts.onCall?.({
        method: req.method,
        url: req.url,
        status: (error as AxiosError).response?.status ?? null,
        ms: Date.now() - started,
      });
      throw error;
    }
  };

  return {
    provider: opts.adapter.id,
    async request<T>(req: ApiRequest) {
      try {
        return await send<T>(req, null);
      } catch (error) {
        if (!(error as AxiosError).isAxiosError) throw error; // ReauthRequired, NotConnected…
        // An expired or revoked access token: refresh once (under the connection's lock) and try again.
        const answer = (error as AxiosError).response;
        if (answer && (answer.status === 401 || opts.adapter.rejectsToken?.(answer.status, answer.data))) {
          const sent = (error as AxiosError).config?.headers?.Authorization;
          try {
            return await send<T>(req, typeof sent === 'string' ? sent : '');
          } catch (second) {
            if (!(second as AxiosError).isAxiosError) throw second;
            throw toProviderError(opts.adapter, second);
          }
        }
        throw toProviderError(opts.adapter, error);
      }
    },
  };
};
