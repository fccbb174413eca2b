import type { Core } from '@strapi/strapi';
import request, { type Response } from 'supertest';
import type { ProviderId } from '../../src/plugins/retailcloud-integrations/server/src/constants';
import { consent } from './sandboxes';

const PLUGIN = '/retailcloud-integrations';

/** What one pass through a provider's consent page exchanged: kept so a test can look for these values elsewhere. */
export interface ConnectTrace {
  /** every response our app gave in the flow */
  responses: Response[];
  /** the authorization code and state the provider sent back to our callback */
  code: string | null;
  state: string | null;
  /** the PKCE challenge sent to the provider (its verifier stays sealed in the database) */
  codeChallenge: string | null;
  landing: URL;
}

/**
 * Connect a provider as an administrator does in the browser: Connect, the sandbox's consent page (Allow), our
 * callback with the binding cookie; for Xero with `tenant`, every organisation is authorised and the one whose name
 * contains `tenant` ("(US)", "(UK)") is chosen.
 */
export const connectThroughConsent = async (
  strapi: Core.Strapi,
  token: string,
  provider: ProviderId,
  opts: { tenant?: string } = {}
): Promise<ConnectTrace> => {
  const http = () => request(strapi.server.httpServer);
  const responses: Response[] = [];
  const start = await http().post(`${PLUGIN}/connections/${provider}/connect`).set('Authorization', `Bearer ${token}`);
  responses.push(start);
  if (start.status !== 200) throw new Error(`connect ${provider}: ${start.status} ${JSON.stringify(start.body)}`);
  const cookie = (start.headers['set-cookie'] as unknown as string[])
    .find((c) => c.startsWith('rci_oauth_binding='))
    ?.split(';')[0] as string;
  const authorizeUrl = new URL(start.body.data.authorizeUrl as string);
  const redirect = await consent(authorizeUrl.toString(), 'allow', { accounts: opts.tenant ? 'all' : 'first' });
  const back = await http().get(`${redirect.pathname}${redirect.search}`).set('Cookie', cookie);
  responses.push(back);
  const landing = new URL(back.headers.location as string, 'http://localhost');
  if (landing.searchParams.get('result') === 'choose_organisation') {
    const id = landing.searchParams.get('connection');
    const list = await http().get(`${PLUGIN}/connections`).set('Authorization', `Bearer ${token}`);
    responses.push(list);
    const pending = list.body.data.find((c: { id: number }) => String(c.id) === id);
    const choice = pending.tenantChoices.find((t: { tenantName: string }) => t.tenantName.includes(opts.tenant ?? ''));
    const chosen = await http()
      .post(`${PLUGIN}/connections/${provider}/${id}/tenant`)
      .set('Authorization', `Bearer ${token}`)
      .send({ tenantId: choice.tenantId });
    responses.push(chosen);
    if (chosen.status !== 200) throw new Error(`choose ${opts.tenant}: ${JSON.stringify(chosen.body)}`);
  } else if (landing.searchParams.get('result') !== 'connected') {
    throw new Error(`connect ${provider}: ${landing.toString()}`);
  }
  return {
    responses,
    code: redirect.searchParams.get('code'),
    state: redirect.searchParams.get('state'),
    codeChallenge: authorizeUrl.searchParams.get('code_challenge'),
    landing,
  };
};
