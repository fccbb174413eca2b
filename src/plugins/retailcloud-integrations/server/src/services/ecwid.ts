import type { Core } from '@strapi/strapi';
import { ecwidContext, NO_VALID_LICENSE } from '../usecases/catalog-push/ecwid-context';
import { pushUseCases } from '../usecases/catalog-push/push';
import { settingsUseCases } from '../usecases/catalog-push/settings';
import { stockUseCases } from '../usecases/stock-availability/ecwid-orders';

export type { EcwidSettingsRecord } from '../usecases/catalog-push/ecwid-context';
export { ECWID_SETTINGS_UID, NO_VALID_LICENSE } from '../usecases/catalog-push/ecwid-context';
export { type EcwidWebhookOutcome, WEBHOOK_EVENT_UID } from '../usecases/stock-availability/ecwid-orders';

/**
 * Ecwid for CAS, as the controllers and the Ecwid provider module call it: the push's settings and preconditions
 * (usecases/catalog-push/settings.ts), the catalog push and its validation report (usecases/catalog-push/push.ts),
 * the stock reconciliation and the order webhook (usecases/stock-availability/ecwid-orders.ts).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const ctx = ecwidContext(strapi);
  const settings = settingsUseCases(ctx);
  return {
    NO_VALID_LICENSE,
    ...settings,
    ...pushUseCases(ctx, settings.preconditions),
    ...stockUseCases(ctx),
  };
};
