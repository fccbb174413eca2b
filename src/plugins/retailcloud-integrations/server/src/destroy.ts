import type { Core } from '@strapi/strapi';
import { getEngine } from './engine/context';

const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  const engine = getEngine(strapi);
  await Promise.all(engine.stopSandboxes.map((stop) => stop().catch(() => undefined)));
  engine.stopSandboxes = [];
};

export default destroy;
