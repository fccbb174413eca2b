import crypto from 'node:crypto';

/**
 * The token vault: AES-256-GCM with a 32-byte key from RCI_VAULT_KEY (base64). Each sealed value names the key it was
 * sealed with (a short fingerprint), so a rotation can keep RCI_VAULT_KEY_PREVIOUS for reading while re-sealing.
 * Format: `v1.<keyId>.<iv>.<tag>.<ciphertext>`, each part base64url.
 */
const VERSION = 'v1';

export interface VaultKeys {
  current: Buffer;
  previous?: Buffer;
}

export class VaultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VaultError';
  }
}

export const parseKey = (value: string | undefined, name: string): Buffer | undefined => {
  if (!value) return undefined;
  const key = Buffer.from(value, 'base64');
  if (key.length !== 32) throw new VaultError(`${name} must be 32 bytes encoded as base64 (openssl rand -base64 32)`);
  return key;
};

export const keyId = (key: Buffer): string => crypto.createHash('sha256').update(key).digest('base64url').slice(0, 8);

export const loadVaultKeys = (env: NodeJS.ProcessEnv, production: boolean): VaultKeys => {
  const current = parseKey(env.RCI_VAULT_KEY, 'RCI_VAULT_KEY');
  if (!current) {
    throw new VaultError(
      production
        ? 'RCI_VAULT_KEY is required in production: the integrations store provider tokens encrypted with it'
        : 'RCI_VAULT_KEY is not set: run `node scripts/ensure-env.mjs` (npm run develop does) to generate one in .env'
    );
  }
  return { current, previous: parseKey(env.RCI_VAULT_KEY_PREVIOUS, 'RCI_VAULT_KEY_PREVIOUS') };
};

export const createVault = (keys: VaultKeys) => {
  const byId = new Map<string, Buffer>([[keyId(keys.current), keys.current]]);
  if (keys.previous) byId.set(keyId(keys.previous), keys.previous);
  const currentId = keyId(keys.current);

  const seal = (plain: unknown): string => {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', keys.current, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(plain), 'utf8'), cipher.final()]);
    return [
      VERSION,
      currentId,
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      body.toString('base64url'),
    ].join('.');
  };

  const open = <T = unknown>(sealed: string): T => {
    const [version, id, iv, tag, body] = sealed.split('.');
    if (version !== VERSION || !id || !iv || !tag || body === undefined)
      throw new VaultError('sealed value is malformed');
    const key = byId.get(id);
    if (!key) throw new VaultError(`sealed with an unknown key (${id}); set RCI_VAULT_KEY_PREVIOUS to the old key`);
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
      return JSON.parse(plain.toString('utf8')) as T;
    } catch {
      throw new VaultError('sealed value failed authentication (wrong key or tampered data)');
    }
  };

  /** True when the value was sealed with an older key and should be re-sealed. */
  const isStale = (sealed: string): boolean => sealed.split('.')[1] !== currentId;

  return { seal, open, isStale, currentKeyId: currentId };
};

export type Vault = ReturnType<typeof createVault>;
