import type { Core } from '@strapi/strapi';
import { getEngine } from './engine/context';
import { getService } from './utils/get-service';

const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  getService(strapi, 'syncRuns').stopHeartbeats();
  const engine = getEngine(strapi);
  await Promise.all(engine.stopSandboxes.map((stop) => stop().catch(() => undefined)));
  engine.stopSandboxes = [];
};

export default destroy;
