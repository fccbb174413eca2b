import type { Core } from '@strapi/strapi';
import { listJobs, runJob } from '../engine/jobs';

/** The scheduled jobs, for the admin (next runs) and for running one now under its lease. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  list: () => listJobs(),
  run: (name: string) => runJob(strapi, name),
});
