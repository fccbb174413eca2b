import type { Core } from '@strapi/strapi';
import type { Clock } from '../engine/clock';
import { getEngine } from '../engine/context';

/**
 * The engine's clock (engine/clock.ts) as a service, so a test that boots the app can put a clock it moves by hand in
 * place of the real one (`use(new ManualClock())`, `use(null)` for the real one again).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  now: (): number => getEngine(strapi).clock.now(),
  use(clock: Clock | null): void {
    getEngine(strapi).clock.use(clock);
  },
});
