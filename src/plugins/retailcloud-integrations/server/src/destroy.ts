import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';

const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  getService(strapi, 'syncRuns').stopHeartbeats();
};

export default destroy;
