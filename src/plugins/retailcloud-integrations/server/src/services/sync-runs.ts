import type { Core } from '@strapi/strapi';
import { uid } from '../utils/get-service';

export const SYNC_RUN_UID = uid('sync-run');

export interface SyncRunFilter {
  provider?: string;
  status?: string;
  limit?: number;
}

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(filter: SyncRunFilter = {}) {
    const where: Record<string, unknown> = {};
    if (filter.provider) where.provider = filter.provider;
    if (filter.status) where.status = filter.status;
    return strapi.db.query(SYNC_RUN_UID).findMany({
      where,
      orderBy: { id: 'desc' },
      limit: Math.min(Math.max(filter.limit ?? 50, 1), 200),
    });
  },
});
