import type { Core } from '@strapi/strapi';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Plugin => ({
  'users-permissions': {
    config: {
      jwtManagement: 'refresh',
      sessions: { httpOnly: true },
    },
  },
  upload: {
    config: {
      security: {
        allowedTypes: ['image/*', 'application/pdf', 'text/plain', 'text/csv'],
        deniedTypes: ['image/svg+xml', 'application/x-msdownload', 'application/x-sh', 'text/x-shellscript'],
      },
    },
  },
  // Strapi's email plugin over SMTP: the integrations email the System Admins when a scheduled run fails or a
  // connection needs re-authorisation. `npm run develop` starts a local catcher (packages/sandboxes/src/smtp) and
  // sets SMTP_HOST/SMTP_PORT to it; in production point them at the mail relay (SMTP_USERNAME/SMTP_PASSWORD when it
  // needs a login, SMTP_SECURE=true for implicit TLS on 465).
  email: {
    config: {
      provider: 'nodemailer',
      providerOptions: {
        host: env('SMTP_HOST', '127.0.0.1'),
        port: env.int('SMTP_PORT', 25),
        secure: env.bool('SMTP_SECURE', false),
        ...(env('SMTP_USERNAME', '')
          ? { auth: { user: env('SMTP_USERNAME', ''), pass: env('SMTP_PASSWORD', '') } }
          : {}),
        // a hung relay must not hold a notification for minutes
        connectionTimeout: env.int('SMTP_TIMEOUT_MS', 10_000),
        greetingTimeout: env.int('SMTP_TIMEOUT_MS', 10_000),
      },
      settings: {
        defaultFrom: env('SMTP_FROM', 'CAS back office <no-reply@cas.localhost>'),
        defaultReplyTo: env('SMTP_REPLY_TO', env('SMTP_FROM', 'CAS back office <no-reply@cas.localhost>')),
      },
    },
  },
  'retailcloud-integrations': {
    enabled: true,
    resolve: './src/plugins/retailcloud-integrations',
    config: {
      // Background jobs (cron). Tests switch them off and drive the jobs directly.
      cronEnabled: env.bool('RCI_CRON_ENABLED', true),
      // A cron rule per job name, as JSON ({"ecwid-incremental-sync": "*/5 * * * * *"}), replacing the job's own
      // schedule; and a lease time-to-live for every job (0: each job's own). For tests and operators; defaults apply
      // when unset.
      jobRules: env.json('RCI_JOB_RULES', {}),
      jobLeaseMs: env.int('RCI_JOB_LEASE_MS', 0),
      publicUrl: env('PUBLIC_URL', ''),
      rateLimitTimeScale: env.int('RCI_RATE_LIMIT_TIME_SCALE', 1),
      // Provider HTTP client: per-request timeout and retry backoff base (tests shorten both).
      httpTimeoutMs: env.int('RCI_HTTP_TIMEOUT_MS', 30_000),
      httpBackoffMs: env.int('RCI_HTTP_BACKOFF_MS', 200),
      // How often a running sync touches its heartbeat; six missed beats (2 minutes) and it counts as abandoned.
      runHeartbeatMs: env.int('RCI_RUN_HEARTBEAT_MS', 20_000),
      // A background posting run's lease: when the instance carrying it dies, another continues it after this.
      postingRunLeaseMs: env.int('RCI_RUN_LEASE_MS', 90_000),
      // Webhook freshness: a signed event older than this many seconds is refused (default 15 minutes).
      webhookMaxAgeSeconds: env.int('RCI_WEBHOOK_MAX_AGE_S', 15 * 60),
      // Mailchimp batch operations: how often a queued batch is polled, and how long one sync waits for it.
      mailchimpBatchPollMs: env.int('RCI_MAILCHIMP_BATCH_POLL_MS', 2_000),
      mailchimpBatchWaitMs: env.int('RCI_MAILCHIMP_BATCH_WAIT_MS', 600_000),
      // Each provider's credentials (<PROVIDER>_CLIENT_ID / _CLIENT_SECRET), sandbox (RCI_<PROVIDER>_SANDBOX_URL) and
      // settings are read by the plugin for every provider module it registers; set `providers.<id>` here to override.
      // Test hook: extra provider modules to register (comma-separated absolute paths); refused in production.
      extraProviderModules: env.array('RCI_EXTRA_PROVIDER_MODULES', []),
    },
  },
});

export default config;
