import crypto from 'node:crypto';
import type { SandboxClock } from './clock';

/** How a provider treats a refresh token once it has been used. */
export type RefreshPolicy =
  /** Mailchimp, Ecwid: tokens never expire and there is no refresh grant */
  | { kind: 'none' }
  /** Xero: single-use; a used token still works for a grace period (for a lost response), then invalid_grant */
  | { kind: 'single-use-with-grace'; graceSeconds: number; idleLifetimeSeconds: number }
  /** QBO: "always use the latest"; a used token keeps working until its successor has been used once */
  | { kind: 'valid-until-successor-used'; idleLifetimeSeconds: number };

/** One consent: the accounts (tenants, realm, store) a person authorised for a client. */
export interface GrantRecord {
  /** Xero calls this the authEventId */
  id: string;
  clientId: string;
  scope: string[];
  accountIds: string[];
  createdAt: number;
  revoked: boolean;
  /** PKCE without a client secret */
  publicClient: boolean;
}

export interface AccessTokenRecord {
  token: string;
  grantId: string;
  issuedAt: number;
  /** undefined: never expires */
  expiresAt?: number;
  forcedExpired: boolean;
}

export interface RefreshTokenRecord {
  token: string;
  grantId: string;
  parent?: string;
  issuedAt: number;
  usedAt?: number;
  /** when a token issued in exchange for this one was first used */
  successorUsedAt?: number;
  invalidated: boolean;
}

export type AccessCheck =
  | { ok: true; grant: GrantRecord; token: AccessTokenRecord }
  | { ok: false; reason: 'missing' | 'unknown' | 'expired' | 'revoked'; expiredAt?: number };

export type RefreshCheck = { ok: true; grant: GrantRecord; record: RefreshTokenRecord } | { ok: false; reason: string };

export const randomToken = (bytes = 32): string => crypto.randomBytes(bytes).toString('base64url');

/** Grants and the tokens issued for them, with the provider's lifetime and rotation rules. */
export class TokenStore {
  private readonly grants = new Map<string, GrantRecord>();
  private readonly accessTokens = new Map<string, AccessTokenRecord>();
  private readonly refreshTokens = new Map<string, RefreshTokenRecord>();

  constructor(
    private readonly clock: SandboxClock,
    private readonly policy: RefreshPolicy,
    private readonly accessLifetimeSeconds: number | undefined
  ) {}

  createGrant(input: Omit<GrantRecord, 'id' | 'createdAt' | 'revoked'>): GrantRecord {
    const grant: GrantRecord = { ...input, id: crypto.randomUUID(), createdAt: this.clock.now(), revoked: false };
    this.grants.set(grant.id, grant);
    return grant;
  }

  grant(id: string): GrantRecord | undefined {
    return this.grants.get(id);
  }

  allGrants(): GrantRecord[] {
    return [...this.grants.values()];
  }

  issueAccessToken(grant: GrantRecord, mint: (record: Omit<AccessTokenRecord, 'token'>) => string): AccessTokenRecord {
    const issuedAt = this.clock.now();
    const expiresAt =
      this.accessLifetimeSeconds === undefined ? undefined : issuedAt + this.accessLifetimeSeconds * 1000;
    const base = { grantId: grant.id, issuedAt, expiresAt, forcedExpired: false };
    const record: AccessTokenRecord = { ...base, token: mint(base) };
    this.accessTokens.set(record.token, record);
    return record;
  }

  issueRefreshToken(grant: GrantRecord, parent?: string): RefreshTokenRecord {
    const record: RefreshTokenRecord = {
      token: randomToken(),
      grantId: grant.id,
      parent,
      issuedAt: this.clock.now(),
      invalidated: false,
    };
    this.refreshTokens.set(record.token, record);
    return record;
  }

  /** Seconds until an unused refresh token expires (QBO's x_refresh_token_expires_in). */
  refreshLifetimeSeconds(): number | undefined {
    return this.policy.kind === 'none' ? undefined : this.policy.idleLifetimeSeconds;
  }

  checkAccessToken(token: string | undefined): AccessCheck {
    if (!token) return { ok: false, reason: 'missing' };
    const record = this.accessTokens.get(token);
    if (!record) return { ok: false, reason: 'unknown' };
    const grant = this.grants.get(record.grantId);
    if (!grant || grant.revoked) return { ok: false, reason: 'revoked' };
    if (record.forcedExpired) return { ok: false, reason: 'expired', expiredAt: record.expiresAt ?? this.clock.now() };
    if (record.expiresAt !== undefined && this.clock.now() >= record.expiresAt) {
      return { ok: false, reason: 'expired', expiredAt: record.expiresAt };
    }
    return { ok: true, grant, token: record };
  }

  /** Validates a refresh token for use and, when allowed, marks it used (and its parent superseded). */
  consumeRefreshToken(token: string, clientId: string): RefreshCheck {
    const policy = this.policy;
    if (policy.kind === 'none') return { ok: false, reason: 'refresh tokens are not issued' };
    const record = this.refreshTokens.get(token);
    if (!record || record.invalidated) return { ok: false, reason: 'unknown or invalidated refresh token' };
    const grant = this.grants.get(record.grantId);
    if (!grant || grant.revoked) return { ok: false, reason: 'authorisation revoked' };
    if (grant.clientId !== clientId) return { ok: false, reason: 'refresh token issued to another client' };
    const now = this.clock.now();
    if (record.usedAt === undefined && now >= record.issuedAt + policy.idleLifetimeSeconds * 1000) {
      return { ok: false, reason: 'refresh token expired unused' };
    }
    if (record.usedAt !== undefined) {
      if (policy.kind === 'single-use-with-grace' && now > record.usedAt + policy.graceSeconds * 1000) {
        return { ok: false, reason: 'refresh token already used and its grace period is over' };
      }
      if (policy.kind === 'valid-until-successor-used' && record.successorUsedAt !== undefined) {
        return { ok: false, reason: 'a newer refresh token has been used' };
      }
    }
    record.usedAt ??= now;
    const parent = record.parent ? this.refreshTokens.get(record.parent) : undefined;
    if (parent) parent.successorUsedAt ??= now;
    return { ok: true, grant, record };
  }

  /** The grant a token (access or refresh) belongs to. */
  grantOfToken(token: string): GrantRecord | undefined {
    const grantId = this.accessTokens.get(token)?.grantId ?? this.refreshTokens.get(token)?.grantId;
    return grantId ? this.grants.get(grantId) : undefined;
  }

  revokeGrant(grantId: string): GrantRecord | undefined {
    const grant = this.grants.get(grantId);
    if (!grant) return undefined;
    grant.revoked = true;
    for (const record of this.refreshTokens.values()) if (record.grantId === grantId) record.invalidated = true;
    return grant;
  }

  expireAllAccessTokens(): void {
    for (const record of this.accessTokens.values()) record.forcedExpired = true;
  }

  invalidateAllRefreshTokens(): void {
    for (const record of this.refreshTokens.values()) record.invalidated = true;
  }
}
