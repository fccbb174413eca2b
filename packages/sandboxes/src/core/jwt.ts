import crypto from 'node:crypto';

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An RSA key pair made when a sandbox starts; its public half is published as a JWKS. */
export interface SigningKey {
  kid: string;
  privateKey: crypto.KeyObject;
  /** the public key as a JWK (kty, n, e) with kid, use and alg, as a JWKS lists it */
  publicJwk: crypto.JsonWebKey & { kid: string; use: 'sig'; alg: 'RS256' };
}

export const createSigningKey = (): SigningKey => {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  // kid: the RFC 7638 thumbprint of the public key, so it changes with the key.
  const thumbprint = crypto
    .createHash('sha256')
    .update(JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n }))
    .digest('base64url');
  return { kid: thumbprint, privateKey, publicJwk: { ...jwk, kid: thumbprint, use: 'sig', alg: 'RS256' } };
};

/** A JWT signed RS256 with the sandbox's key, its kid in the header (how Xero signs access and id tokens). */
export const signJwt = (claims: Record<string, unknown>, key: SigningKey): string => {
  const head = `${encode({ alg: 'RS256', kid: key.kid, typ: 'JWT' })}.${encode(claims)}`;
  const signature = crypto.sign('sha256', Buffer.from(head), key.privateKey).toString('base64url');
  return `${head}.${signature}`;
};

export const decodeJwtClaims = (token: string): Record<string, unknown> | undefined => {
  try {
    const claims: unknown = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};
