import type Router from '@koa/router';
import type { SandboxClock } from '../core/clock';
import { bearerToken, type GrantRecord, type OAuthServer } from '../core/oauth';
import { queryField } from '../core/request-body';
import { notFound, unauthorized } from './errors';
import { stableUuid } from './seed';
import type { XeroSandboxState } from './state';

/** "2019-12-07T18:46:19.5165400": Xero's connection timestamps have 7 fraction digits and no zone. */
const connectionTimestamp = (ms: number): string => new Date(ms).toISOString().replace('Z', '0000');

/** A consent (re)connects each chosen organisation; an organisation keeps its connection id across consents. */
export const connectTenants = (state: XeroSandboxState, grant: GrantRecord, nowMs: number): void => {
  for (const tenantId of grant.accountIds) {
    const tenant = state.tenant(tenantId);
    const existing = state.connections.find((c) => c.tenantId === tenantId);
    if (existing) {
      existing.authEventId = grant.id;
      existing.updatedDateUtc = connectionTimestamp(nowMs);
      continue;
    }
    state.connections.push({
      id: stableUuid(`connection:${tenantId}:${nowMs}:${grant.id}`),
      authEventId: grant.id,
      tenantId,
      tenantType: 'ORGANISATION',
      tenantName: tenant.organisation.Name,
      createdDateUtc: connectionTimestamp(nowMs),
      updatedDateUtc: connectionTimestamp(nowMs),
    });
  }
};

/** Revoking a consent removes the connections it made. */
export const disconnectGrant = (state: XeroSandboxState, grant: GrantRecord): void => {
  for (let i = state.connections.length - 1; i >= 0; i -= 1) {
    if (state.connections[i].authEventId === grant.id) state.connections.splice(i, 1);
  }
};

/** GET /connections (optional ?authEventId=) and DELETE /connections/{id}, on the API host. */
export const mountConnectionRoutes = (
  router: Router,
  deps: { state: XeroSandboxState; oauth: OAuthServer; clock: SandboxClock }
): void => {
  router.get('/connections', (ctx) => {
    const check = deps.oauth.checkAccessToken(bearerToken(ctx));
    if (!check.ok) return unauthorized(ctx, check.reason === 'expired' ? check.expiredAt : undefined);
    const authEventId = queryField(ctx, 'authEventId');
    ctx.body = deps.state.connections.filter((c) => !authEventId || c.authEventId === authEventId);
  });

  router.delete('/connections/:id', (ctx) => {
    const check = deps.oauth.checkAccessToken(bearerToken(ctx));
    if (!check.ok) return unauthorized(ctx, check.reason === 'expired' ? check.expiredAt : undefined);
    const index = deps.state.connections.findIndex((c) => c.id === ctx.params.id.toLowerCase());
    if (index < 0) return notFound(ctx);
    deps.state.connections.splice(index, 1);
    ctx.status = 204;
  });
};
