import type { Core } from '@strapi/strapi';

export const seedDemoIfEmpty = async (_strapi: Core.Strapi): Promise<void> => {};
