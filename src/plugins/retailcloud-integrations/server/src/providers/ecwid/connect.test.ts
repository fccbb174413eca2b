import type { AxiosInstance } from 'axios';
import { ECWID_SCOPES, ecwid } from './index';

/** What the plugin checks on first connect: the store id, and that Ecwid granted every scope it needs. */
describe('Ecwid first connect', () => {
  const http = { get: async () => ({ data: { generalInfo: { storeName: 'Demo' } } }) } as unknown as AxiosInstance;
  const endpoints = ecwid.endpoints('http://sandbox.test');
  const read = (scope: string) =>
    ecwid.readAccount({
      http,
      endpoints,
      token: { access_token: 'secret_x', store_id: 1003, scope },
      callbackQuery: {},
    });

  test('asks for read_orders: order webhooks and the order read need it', () => {
    expect(ecwid.scopes).toContain('read_orders');
    expect(Object.keys(ECWID_SCOPES)).toEqual(ecwid.scopes);
  });

  test('refuses a grant without a needed scope, naming it and what it is for', async () => {
    const withoutOrders = ecwid.scopes.filter((s) => s !== 'read_orders').join(' ');
    await expect(read(withoutOrders)).rejects.toThrow(/read_orders \(needed for order webhooks/);
  });

  test('accepts the full grant (read_store_profile is implied)', async () => {
    const all = ecwid.scopes.filter((s) => s !== 'read_store_profile').join(' ');
    await expect(read(all)).resolves.toEqual({ accountId: '1003', accountName: 'Demo' });
  });
});
