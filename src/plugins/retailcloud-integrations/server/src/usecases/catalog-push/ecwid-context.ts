import type { Core } from '@strapi/strapi';
import type { PluginConfig } from '../../config';
import { PLUGIN_ID } from '../../constants';
import { NotConnectedError, ProviderError } from '../../engine/errors';
import { createDocument, query, type Row, type RowData } from '../../engine/rows';
import { getService, uid } from '../../utils/get-service';
import type { EcwidSendChoice, EcwidSyncSettings } from './types';

export const ECWID_SETTINGS_UID = uid('ecwid-setting');

/**
 * How the setup's licence problem begins (the rest names the store, its registers and why none counts): no register
 * number may be reported to Ecwid without a register whose licence covers today.
 */
export const NO_VALID_LICENSE = 'No valid licence';

const ALL_SEND: EcwidSendChoice = { products: true, images: true, categories: true, coupons: true, customers: true };

export interface EcwidSettingsRecord extends EcwidSyncSettings {
  id: number | null;
  connectionId: number;
  priceField: 'priceCents';
  syncIntervalMinutes: number;
  lastPushAt: string | null;
  lastIncrementalAt: string | null;
  lastReconcileAt: string | null;
}

/** Sync runs and logs keep a readable message: a database error can quote a whole statement. */
const MESSAGE_MAX = 500;
export const describe = (error: unknown): string => {
  const text =
    error instanceof ProviderError ? error.describe() : error instanceof Error ? error.message : String(error);
  return text.length > MESSAGE_MAX ? `${text.slice(0, MESSAGE_MAX)}…` : text;
};

/**
 * What the Ecwid use cases share: the connection (it must be connected), its sync runs, the push's settings row
 * (read as a record with defaults, written in place) and the rate limits' time scale.
 */
export const ecwidContext = (strapi: Core.Strapi) => {
  const settingsRows = () => query(strapi, 'ecwid-setting');
  const connections = () => getService(strapi, 'connections');
  const runs = () => getService(strapi, 'syncRuns');
  const timeScale = () => (strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig).rateLimitTimeScale ?? 1;

  const connection = async () => {
    const current = await connections().current('ecwid');
    if (current?.status !== 'connected')
      throw new NotConnectedError('ecwid', 'Ecwid is not connected: log in to Ecwid first');
    return current;
  };

  const toRecord = (connectionId: number, row: Row<'ecwid-setting'> | null): EcwidSettingsRecord => ({
    id: row?.id ?? null,
    connectionId,
    storeCode: row?.storeCode ?? null,
    sharedCategoryIds: Array.isArray(row?.sharedCategoryIds) ? row.sharedCategoryIds : null,
    priceField: 'priceCents',
    stockMode: row?.stockMode ?? 'tracked',
    customerScope: row?.customerScope ?? 'consenting',
    send: { ...ALL_SEND, ...(row?.send ?? {}) },
    syncIntervalMinutes: Number(row?.syncIntervalMinutes ?? 5),
    lastPushAt: row?.lastPushAt ? new Date(row.lastPushAt).toISOString() : null,
    lastIncrementalAt: row?.lastIncrementalAt ? new Date(row.lastIncrementalAt).toISOString() : null,
    lastReconcileAt: row?.lastReconcileAt ? new Date(row.lastReconcileAt).toISOString() : null,
  });

  const readSettings = async (connectionId: number) =>
    toRecord(connectionId, await settingsRows().findOne({ where: { connectionId } }));

  const writeSettings = async (connectionId: number, data: RowData<'ecwid-setting'>) => {
    const existing = await settingsRows().findOne({ where: { connectionId }, select: ['id'] });
    if (existing) await settingsRows().update({ where: { id: existing.id }, data });
    else await createDocument(strapi, 'ecwid-setting', { connectionId, ...data });
  };

  return { strapi, connections, runs, timeScale, connection, readSettings, writeSettings };
};

export type EcwidContext = ReturnType<typeof ecwidContext>;
