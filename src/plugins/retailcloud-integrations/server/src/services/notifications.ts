import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../constants';
import { createNotifier } from '../usecases/notifications/notifier';
import { publicOrigin } from './provider-settings';

/** Emails to the System Admins about failures nobody is watching (usecases/notifications). */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  createNotifier(strapi, (provider) => `${publicOrigin(strapi)}/admin/settings/${PLUGIN_ID}/${provider}`);
