import fs from 'node:fs';
import path from 'node:path';
import { checkEcwidRequest, ecwidOperationFor, ecwidOperations } from '@retailcloud/sandboxes';
import { ecwid } from './index';
import { toEcwidCategory } from './mappers';

const doc = fs.readFileSync(path.join(__dirname, '../../../../../../../docs/providers/ecwid.md'), 'utf8');
/** GitHub-style anchors of the doc's headings. */
const anchors = new Set(
  [...doc.matchAll(/^#{1,4} (.+)$/gm)].map((m) =>
    m[1]
      .toLowerCase()
      .replace(/[^a-z0-9 -]/g, '')
      .replace(/ /g, '-')
  )
);

describe('Ecwid request schemas (ecwidOperations)', () => {
  test('every operation points to a section of docs/providers/ecwid.md and needs a scope the plugin asks for', () => {
    for (const op of ecwidOperations) {
      const [file, anchor] = op.reference.split('#');
      expect(file).toBe('docs/providers/ecwid.md');
      expect(anchors).toContain(anchor);
      expect(ecwid.scopes).toContain(op.scope);
    }
  });

  test('operations are found by method and path under the store', () => {
    expect(ecwidOperationFor('PUT', '/products/12/inventory')?.id).toBe('ecwid.products.inventory');
    expect(ecwidOperationFor('DELETE', '/products/12/gallery/7')?.id).toBe('ecwid.products.gallery.delete');
    expect(ecwidOperationFor('GET', '/orders/ORD1')?.scope).toBe('read_orders');
    expect(ecwidOperationFor('DELETE', '/products/12')).toBeUndefined();
  });

  test('a root category leaves parentId out, as the reference says; a child carries its parent', () => {
    const all = ecwid.scopes;
    const root = toEcwidCategory({ id: 1, name: 'Drinks', parentId: null }, null);
    expect(root).toEqual({ name: 'Drinks', enabled: true });
    expect(checkEcwidRequest(all, { method: 'POST', path: '/categories', query: {}, body: root })).toBeNull();
    const child = toEcwidCategory({ id: 2, name: 'Tea', parentId: 1 }, 77);
    expect(checkEcwidRequest(all, { method: 'POST', path: '/categories', query: {}, body: child })).toBeNull();
    expect(
      checkEcwidRequest(all, { method: 'POST', path: '/categories', query: {}, body: { name: 'X', parentId: 0 } })
    ).toMatchObject({ status: 400 });
  });

  test('a product create takes only the fields "Add a product" lists: images go to a product that exists', () => {
    const all = ecwid.scopes;
    const create = (body: object) => checkEcwidRequest(all, { method: 'POST', path: '/products', query: {}, body });
    expect(create({ name: 'Tea', sku: 'T1', price: 1 })).toBeNull();
    expect(create({ name: 'Tea', galleryImages: [] })).toMatchObject({
      status: 400,
      body: { errorMessage: 'Unknown field galleryImages' },
    });
    expect(create({ name: 'Tea', media: {} })).toMatchObject({ status: 400 });
    const update = (body: object) => checkEcwidRequest(all, { method: 'PUT', path: '/products/12', query: {}, body });
    expect(update({ galleryImages: [] })).toBeNull();
  });
});
