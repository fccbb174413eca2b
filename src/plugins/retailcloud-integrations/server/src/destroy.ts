import type { Core } from '@strapi/strapi';
import { callBudgets } from './engine/budgets';
import { getService } from './utils/get-service';

const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  // background runs stop after their store-day in flight and stay running: another instance continues them
  await getService(strapi, 'backgroundRuns').shutdown();
  getService(strapi, 'syncRuns').stopHeartbeats();
  // emails under way finish (or fail) before the database closes
  await getService(strapi, 'notifications').idle();
  // the shared limits' Redis connection, when there is one
  await callBudgets(strapi).stop();
};

export default destroy;
