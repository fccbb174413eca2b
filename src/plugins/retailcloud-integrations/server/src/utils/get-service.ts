import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../constants';

/**
 * The plugin's services by name, as getService returns them. services/index.ts fills this in (declaration merging),
 * so this file imports no service: a service that looks another one up does not import the whole service list,
 * which would make every service part of one import cycle.
 */
// biome-ignore lint/suspicious/noEmptyInterface: services/index.ts adds the members
export interface PluginServices {}

export const getService = <K extends keyof PluginServices>(strapi: Core.Strapi, name: K): PluginServices[K] =>
  strapi.plugin(PLUGIN_ID).service(name) as PluginServices[K];

export const uid = <N extends string>(name: N) => `plugin::${PLUGIN_ID}.${name}` as const;
