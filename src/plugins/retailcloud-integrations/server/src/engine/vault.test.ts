import crypto from 'node:crypto';
import { createVault, keyId, loadVaultKeys, VaultError } from './vault';

const key = () => crypto.randomBytes(32);

test('seals and opens JSON; the ciphertext does not contain the secret', () => {
  const vault = createVault({ current: key() });
  const sealed = vault.seal({ refreshToken: 'rt-very-secret' });
  expect(sealed).not.toContain('rt-very-secret');
  expect(vault.open(sealed)).toEqual({ refreshToken: 'rt-very-secret' });
});

test('each seal uses a fresh IV', () => {
  const vault = createVault({ current: key() });
  expect(vault.seal('x')).not.toBe(vault.seal('x'));
});

test('tampering is detected', () => {
  const vault = createVault({ current: key() });
  const parts = vault.seal({ a: 1 }).split('.');
  parts[4] = Buffer.from('{"a":2}').toString('base64url');
  expect(() => vault.open(parts.join('.'))).toThrow(VaultError);
});

test('rotation: the previous key still opens, values are marked stale and re-seal under the new key', () => {
  const oldKey = key();
  const newKey = key();
  const sealedOld = createVault({ current: oldKey }).seal({ t: 'old' });
  const rotated = createVault({ current: newKey, previous: oldKey });
  expect(rotated.isStale(sealedOld)).toBe(true);
  const resealed = rotated.seal(rotated.open(sealedOld));
  expect(rotated.isStale(resealed)).toBe(false);
  expect(resealed.split('.')[1]).toBe(keyId(newKey));
  expect(() => createVault({ current: newKey }).open(sealedOld)).toThrow(/unknown key/);
});

test('the key is required, and must be 32 bytes', () => {
  expect(() => loadVaultKeys({}, true)).toThrow(/required in production/);
  expect(() => loadVaultKeys({ RCI_VAULT_KEY: Buffer.from('short').toString('base64') }, false)).toThrow(/32 bytes/);
});
