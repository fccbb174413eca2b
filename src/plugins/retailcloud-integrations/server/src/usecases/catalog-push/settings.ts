import { reportableRegisterNumber } from '@retailcloud/domain';
import { errors } from '@strapi/utils';
import { query } from '../../engine/rows';
import { homeTimeZone } from '../../utils/store-time-zones';
import type { EcwidSettingsInput } from '../../validation/ecwid';
import { type EcwidContext, type EcwidSettingsRecord, NO_VALID_LICENSE } from './ecwid-context';
import type { EcwidSendChoice } from './types';

/** The push's settings (store, shared categories, stock mode, customer scope, what to send) and its preconditions. */
export const settingsUseCases = ({ strapi, connection, readSettings, writeSettings }: EcwidContext) => ({
  async getSettings(): Promise<EcwidSettingsRecord> {
    const current = await connection();
    return readSettings(current.id);
  },

  async saveSettings(data: EcwidSettingsInput, changedBy: string): Promise<EcwidSettingsRecord> {
    const current = await connection();
    if (data.storeCode) {
      const store = await strapi.db
        .query('api::store.store')
        .findOne({ where: { code: data.storeCode }, select: ['id'] });
      if (!store) throw new errors.ValidationError(`storeCode: "${data.storeCode}" is not a known store`);
    }
    if (data.sharedCategoryIds?.length) {
      // the ids are of CAS categories (classifications): the push shares those (catalog-sync filters on them)
      const wanted = [...new Set(data.sharedCategoryIds)];
      const known = new Set<number>();
      for (let i = 0; i < wanted.length; i += 500) {
        const found = await query(strapi, 'api::category.category').findMany({
          where: { id: { $in: wanted.slice(i, i + 500) } },
          select: ['id'],
        });
        for (const c of found) known.add(Number(c.id));
      }
      const unknown = wanted.filter((id) => !known.has(id));
      if (unknown.length)
        throw new errors.ValidationError(
          `sharedCategoryIds: no category with id ${unknown.slice(0, 20).join(', ')}${unknown.length > 20 ? ` (and ${unknown.length - 20} more)` : ''}`,
          { unknownCategoryIds: unknown }
        );
    }
    const before = await readSettings(current.id);
    await writeSettings(current.id, {
      ...data,
      ...(data.send ? { send: { ...before.send, ...data.send } } : {}),
      changedBy,
    });
    return readSettings(current.id);
  },

  /** Step 1: what is missing before anything may be sent, each problem named. */
  async preconditions(send: Partial<EcwidSendChoice> = {}): Promise<{ ready: boolean; problems: string[] }> {
    const current = await connection();
    const settings = await readSettings(current.id);
    const choice = { ...settings.send, ...send };
    const problems: string[] = [];
    const productCount = await strapi.db.query('api::product.product').count({});
    if (productCount === 0) problems.push('No products loaded: import the catalog before setting up the online store');
    if (choice.images && productCount > 0) {
      const withImages = await strapi.db
        .query('api::product.product')
        .count({ where: { imageUrls: { $notNull: true } } });
      if (withImages === 0) problems.push('No product images loaded: add image URLs to the products or untick images');
    }
    if (choice.categories && (await strapi.db.query('api::category.category').count({})) === 0) {
      problems.push('No categories (classifications) loaded: import them or untick categories');
    }
    if (settings.stockMode === 'tracked' && !settings.storeCode)
      problems.push('Choose the store whose stock feeds the online store');
    const registers = await query(strapi, 'api::register.register').findMany({
      select: ['number', 'licenceKey', 'licenceValidUntil'],
      populate: { store: { select: ['timeZone'] } },
      ...(settings.storeCode ? { where: { store: { code: settings.storeCode } } } : {}),
    });
    // a licence runs to the end of its last day in the register's store's time zone
    const fallbackZone = await homeTimeZone(strapi);
    const now = new Date();
    if (!registers.some((r) => reportableRegisterNumber(r, r.store?.timeZone ?? fallbackZone, now)))
      problems.push(NO_VALID_LICENSE);
    return { ready: problems.length === 0, problems };
  },
});
