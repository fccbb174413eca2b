import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../constants';
import type { Services } from '../services';

export const getService = <K extends keyof Services>(strapi: Core.Strapi, name: K): ReturnType<Services[K]> =>
  strapi.plugin(PLUGIN_ID).service(name) as ReturnType<Services[K]>;

export const uid = <N extends string>(name: N) => `plugin::${PLUGIN_ID}.${name}` as const;
