import type { ProviderId } from '../constants';

export interface ProviderConfig {
  /** Real client credentials; when both are set the provider's real URLs are used. */
  clientId?: string;
  clientSecret?: string;
  /** Origin of a running sandbox for this provider (tests, or a sandbox started elsewhere). */
  sandboxUrl?: string;
}

export interface PluginConfig {
  /** Run the plugin's cron tasks in this process. */
  cronEnabled: boolean;
  /** 'auto': start the local sandboxes in this process for providers without real credentials or a sandboxUrl. */
  sandboxes: 'auto' | 'off';
  /** Public origin of this app, for OAuth redirect URIs (defaults to server.url or http://localhost:PORT). */
  publicUrl: string;
  providers: Partial<Record<ProviderId, ProviderConfig>>;
  /** Divides our per-minute rate-limit windows; only for runs against a time-compressed sandbox (tests, bench). */
  rateLimitTimeScale: number;
  /** Per-request timeout of the provider HTTP client (ms); tests shorten it to exercise timeouts quickly. */
  httpTimeoutMs: number;
  /** Base of the client's exponential retry backoff (ms). */
  httpBackoffMs: number;
}

export const defaultConfig: PluginConfig = {
  cronEnabled: true,
  sandboxes: 'auto',
  publicUrl: '',
  providers: {},
  rateLimitTimeScale: 1,
  httpTimeoutMs: 30_000,
  httpBackoffMs: 200,
};

export default {
  default: defaultConfig,
  validator(config: Partial<PluginConfig>) {
    if (config.sandboxes && !['auto', 'off'].includes(config.sandboxes)) {
      throw new Error(`retailcloud-integrations: sandboxes must be "auto" or "off" (got "${config.sandboxes}")`);
    }
  },
};
