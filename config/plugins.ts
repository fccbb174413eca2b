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
  'retailcloud-integrations': {
    enabled: true,
    resolve: './src/plugins/retailcloud-integrations',
    config: {
      // Background jobs (cron). Tests switch them off and drive the jobs directly.
      cronEnabled: env.bool('RCI_CRON_ENABLED', true),
    },
  },
});

export default config;
