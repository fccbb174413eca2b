/**
 * The body of every refused or failed plugin request: Strapi's own error shape, written by Strapi's error middleware
 * for its errors (a 400 naming the field: "to: must be on or after from") and by the plugin's error mapping
 * (server/src/middlewares/error-mapping.ts) for the rest; the admin shows `error.message` (admin/src/utils/errorMessage.ts).
 */
export interface ErrorBody {
  data: null;
  error: { status: number; name: string; message: string; details: Record<string, unknown> };
}

/** `error.details` of a provider's failure or refusal (502, 429, 422, 409, 404 from the error mapping). */
export interface ProviderErrorDetails {
  provider: string;
  /** the provider's HTTP status; null when it did not answer (timeout, reset) */
  providerStatus: number | null;
  code: string | null;
  /** per-element messages the provider gave */
  details: string[];
  retryable: boolean;
  retryAfterSeconds?: number;
}
