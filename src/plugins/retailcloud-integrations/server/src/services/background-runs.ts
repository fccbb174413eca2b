import type { Core } from '@strapi/strapi';
import { createBackgroundRuns } from '../usecases/daily-posting/runs';

/**
 * Posting and reconciliation runs started from the admin, carried in the background (usecases/daily-posting/runs.ts):
 * start (202, or 409 naming the run going on), cancel, resume, and the `background-runs` job's pick-up.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => createBackgroundRuns(strapi);
