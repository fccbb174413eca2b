import type { Core } from '@strapi/strapi';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Admin => ({
  auth: {
    secret: env('ADMIN_JWT_SECRET')!,
  },
  // Strapi's own limit on admin logins (5 per 5 minutes per email, path and address). The browser tests log the same
  // administrators in from every spec file, so their app raises it (ADMIN_LOGIN_RATE_LIMIT_MAX); elsewhere it stays 5.
  rateLimit: {
    enabled: true,
    max: env.int('ADMIN_LOGIN_RATE_LIMIT_MAX', 5),
  },
  apiToken: {
    salt: env('API_TOKEN_SALT')!,
  },
  transfer: {
    token: {
      salt: env('TRANSFER_TOKEN_SALT')!,
    },
  },
  secrets: {
    encryptionKey: env('ENCRYPTION_KEY')!,
  },
  flags: {
    nps: env.bool('FLAG_NPS', true),
    promoteEE: env.bool('FLAG_PROMOTE_EE', true),
    docLinks: env.bool('FLAG_DOC_LINKS', true),
  },
});

export default config;
