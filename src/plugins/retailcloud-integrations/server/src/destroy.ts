import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';

const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  getService(strapi, 'syncRuns').stopHeartbeats();
  // emails under way finish (or fail) before the database closes
  await getService(strapi, 'notifications').idle();
};

export default destroy;
