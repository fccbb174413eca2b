import request from 'supertest';
import { bootStrapi, type TestApp } from './helpers/strapi';

let app: TestApp;
beforeAll(async () => {
  app = await bootStrapi();
});
afterAll(async () => {
  await app?.stop();
});

test('boots with the plugin loaded', async () => {
  expect(app.strapi.plugin('retailcloud-integrations')).toBeDefined();
  const res = await request(app.strapi.server.httpServer).get('/_health');
  expect(res.status).toBe(204);
});
