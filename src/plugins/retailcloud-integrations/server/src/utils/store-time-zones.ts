import { addDays, businessDayOf } from '@retailcloud/domain';
import type { Core } from '@strapi/strapi';
import { query } from '../engine/rows';

/**
 * The stores' time zones, which every day the plugin cuts follows (the day cuts themselves are @retailcloud/domain's
 * business days). Read from the app's stores; the app checks each zone is an IANA name when a store is saved.
 */

/** Every store's time zone, the first store created first. */
export const storeTimeZones = async (strapi: Core.Strapi): Promise<Array<{ code: string; timeZone: string }>> =>
  query(strapi, 'api::store.store').findMany({ select: ['code', 'timeZone'], orderBy: { id: 'asc' } });

/**
 * The zone of days that belong to no single store (the promotion report and the campaign period of a discount code,
 * the dates in a campaign's email): the zone of the first store created, which is every store's zone when they
 * share one. UTC only while there is no store at all.
 */
export const homeTimeZone = async (strapi: Core.Strapi): Promise<string> =>
  (await storeTimeZones(strapi))[0]?.timeZone ?? 'UTC';

/**
 * The store's business day before the one running at `now`, for the store where that day is earliest (the zone
 * furthest west): from it on, every store's yesterday is included. UTC only while there is no store at all.
 */
export const earliestYesterday = async (strapi: Core.Strapi, now = new Date()): Promise<string> => {
  const zones = (await storeTimeZones(strapi)).map((s) => s.timeZone);
  const todays = (zones.length ? zones : ['UTC']).map((zone) => businessDayOf(zone, now));
  // YYYY-MM-DD sorts as text in calendar order
  return addDays(todays.sort()[0], -1);
};
