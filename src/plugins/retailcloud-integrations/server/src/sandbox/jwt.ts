import crypto from 'node:crypto';

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A JWT signed with HS256 and a per-sandbox secret. Clients of the sandboxes only decode tokens (as they do with
 * real providers' access tokens); nothing verifies the signature outside the sandbox.
 */
export const signJwt = (claims: Record<string, unknown>, secret: string): string => {
  const head = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  const signature = crypto.createHmac('sha256', secret).update(head).digest('base64url');
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
