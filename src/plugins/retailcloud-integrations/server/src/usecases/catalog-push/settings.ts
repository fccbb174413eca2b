import { reportableRegisterNumber } from '@retailcloud/domain';
import { errors } from '@strapi/utils';
import type { EcwidChoices, EcwidPreconditions, FixLink, PreconditionProblem } from '../../../../contracts/ecwid';
import { query } from '../../engine/rows';
import { homeTimeZone } from '../../utils/store-time-zones';
import type { EcwidSettingsInput } from '../../validation/ecwid';
import { type EcwidContext, type EcwidSettingsRecord, NO_VALID_LICENSE } from './ecwid-context';
import type { EcwidSendChoice } from './types';

const CATEGORY_PAGE = 1000;

interface RegisterRow {
  documentId: string;
  number: string;
  licenceKey: string | null;
  licenceValidUntil: string | null;
  store: { code: string; name: string; timeZone: string } | null;
}

/** The registers a licence problem names at most (each with its link). */
const MAX_REGISTERS_NAMED = 5;

/** The Content Manager's page of a collection type (its list, an entry by documentId, or `create`), in the admin. */
const contentManagerPath = (uid: string, entry?: string) =>
  `/content-manager/collection-types/${uid}${entry ? `/${entry}` : ''}`;

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

  /** The stores (by name) and every classification with its parent, for the settings' pickers. */
  async choices(): Promise<EcwidChoices> {
    const stores = await query(strapi, 'api::store.store').findMany({
      select: ['code', 'name'],
      orderBy: { name: 'asc' },
    });
    const categories: EcwidChoices['categories'] = [];
    // a page at a time: a catalog may hold thousands of classifications
    for (let offset = 0; ; offset += CATEGORY_PAGE) {
      const page = await query(strapi, 'api::category.category').findMany({
        select: ['id', 'name'],
        populate: { parent: { select: ['id'] } },
        orderBy: { id: 'asc' },
        offset,
        limit: CATEGORY_PAGE,
      });
      for (const c of page)
        categories.push({ id: Number(c.id), name: c.name, parentId: c.parent ? Number(c.parent.id) : null });
      if (page.length < CATEGORY_PAGE) break;
    }
    return { stores: stores.map((s) => ({ code: s.code, name: s.name })), categories };
  },

  /**
   * Step 1: what is missing before anything may be sent, each problem in plain words with the store and registers it
   * is about and the Content Manager page where it is fixed (`details`); `problems` holds the same messages.
   */
  async preconditions(send: Partial<EcwidSendChoice> = {}): Promise<EcwidPreconditions> {
    const current = await connection();
    const settings = await readSettings(current.id);
    const choice = { ...settings.send, ...send };
    const details: PreconditionProblem[] = [];
    const problem = (
      code: PreconditionProblem['code'],
      message: string,
      fixAt: FixLink[],
      extra: Partial<Pick<PreconditionProblem, 'store' | 'registers'>> = {}
    ) => details.push({ code, message, fixAt, store: null, registers: [], ...extra });
    const productCount = await strapi.db.query('api::product.product').count({});
    if (productCount === 0)
      problem('no_products', 'No products loaded: import the catalog before setting up the online store', [
        { label: 'Products', to: contentManagerPath('api::product.product') },
      ]);
    if (choice.images && productCount > 0) {
      const withImages = await strapi.db
        .query('api::product.product')
        .count({ where: { imageUrls: { $notNull: true } } });
      if (withImages === 0)
        problem('no_images', 'No product images loaded: add image URLs to the products or untick images', [
          { label: 'Products', to: contentManagerPath('api::product.product') },
        ]);
    }
    if (choice.categories && (await strapi.db.query('api::category.category').count({})) === 0)
      problem('no_categories', 'No categories (classifications) loaded: import them or untick categories', [
        { label: 'Categories', to: contentManagerPath('api::category.category') },
      ]);
    if (settings.stockMode === 'tracked' && !settings.storeCode)
      problem('no_store', 'Choose the store whose stock feeds the online store', []);
    const store = settings.storeCode
      ? await query(strapi, 'api::store.store').findOne({
          where: { code: settings.storeCode },
          select: ['code', 'name', 'timeZone'],
        })
      : null;
    // the typed rows (engine/rows.ts) leave documentId out of a selection: the register links need it
    const registers = (await strapi.db.query('api::register.register').findMany({
      select: ['documentId', 'number', 'licenceKey', 'licenceValidUntil'],
      populate: { store: { select: ['code', 'name', 'timeZone'] } },
      ...(settings.storeCode ? { where: { store: { code: settings.storeCode } } } : {}),
      orderBy: { number: 'asc' },
    })) as RegisterRow[];
    // a licence runs to the end of its last day in the register's store's time zone
    const fallbackZone = await homeTimeZone(strapi);
    const now = new Date();
    if (!registers.some((r) => reportableRegisterNumber(r, r.store?.timeZone ?? fallbackZone, now))) {
      const named = registers.slice(0, MAX_REGISTERS_NAMED).map((r) => ({
        number: r.number,
        documentId: r.documentId,
        why: !r.licenceKey
          ? 'has no licence key'
          : !r.licenceValidUntil
            ? 'has no licence end date'
            : `has a licence that ended on ${r.licenceValidUntil}`,
      }));
      const where = store ? `${store.name} (${store.code})` : 'any store';
      const which = named.length
        ? named.map((r) => `register ${r.number} ${r.why}`).join('; ') +
          (registers.length > named.length ? `; and ${registers.length - named.length} more` : '')
        : `${where} has no register`;
      problem(
        'no_licence',
        `${NO_VALID_LICENSE}: no register of ${where} holds one (${which}). Enter the licence key and the last day it covers on the register.`,
        named.length
          ? named.map((r) => ({
              label: `Register ${r.number}`,
              to: contentManagerPath('api::register.register', r.documentId),
            }))
          : [{ label: 'Add a register', to: contentManagerPath('api::register.register', 'create') }],
        {
          store: store ? { code: store.code, name: store.name } : null,
          registers: named.map(({ number, why }) => ({ number, why })),
        }
      );
    }
    return { ready: details.length === 0, problems: details.map((d) => d.message), details };
  },
});
