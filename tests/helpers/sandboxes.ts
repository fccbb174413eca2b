import type { Core } from '@strapi/strapi';
import axios from 'axios';
import request, { type Response } from 'supertest';
import { type ProviderId, USER_AGENT } from '../../src/plugins/retailcloud-integrations/server/src/constants';
import { providerModules } from '../../src/plugins/retailcloud-integrations/server/src/modules';
import { envName } from '../../src/plugins/retailcloud-integrations/server/src/modules/config';
import {
  isSandboxProvider,
  type SandboxHandles,
  startSandbox,
} from '../../src/plugins/retailcloud-integrations/server/src/sandbox';

export type Sandboxes = SandboxHandles;

/**
 * Start the sandbox each registered provider module names, on a free port, and point the app at them (call before
 * bootStrapi).
 */
export const startSandboxes = async (opts: { timeScale?: number } = {}): Promise<Sandboxes> => {
  const handles = {} as Sandboxes;
  for (const { id: provider, sandbox } of providerModules) {
    if (sandbox === null) continue;
    if (!isSandboxProvider(sandbox)) throw new Error(`${provider}: no sandbox is named ${sandbox}`);
    const handle = await startSandbox(sandbox, {
      port: 0,
      clientId: `sandbox-${provider}-client`,
      clientSecret: `sandbox-${provider}-secret`,
      ...(opts.timeScale ? { timeScale: opts.timeScale } : {}),
    });
    (handles as Record<string, unknown>)[sandbox] = handle;
    process.env[`RCI_${envName(provider)}_SANDBOX_URL`] = handle.url;
  }
  // Our own client-side limits follow the sandbox's compressed minute.
  process.env.RCI_RATE_LIMIT_TIME_SCALE = String(opts.timeScale ?? 1);
  return handles;
};

export const stopSandboxes = async (handles: Partial<Sandboxes> | undefined) => {
  await Promise.all(Object.values(handles ?? {}).map((h) => h?.stop()));
};

const attr = (html: string, re: RegExp) => re.exec(html)?.[1];
const decode = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

/**
 * Act as the person on the provider's consent page: open it, tick accounts, press Allow or Cancel.
 * Returns the redirect the provider sends the browser to (our callback URL with code/state or error).
 */
export const consent = async (
  authorizeUrl: string,
  decision: 'allow' | 'deny',
  opts: { accounts?: 'first' | 'all' } = {}
): Promise<URL> => {
  const page = await axios.get<string>(authorizeUrl, {
    // The authorize request is the plugin's (its URL, built by the plugin): the contract recorder keeps it.
    headers: { 'User-Agent': `${USER_AGENT} (test browser)` },
    maxRedirects: 0,
    validateStatus: () => true,
    responseType: 'text',
  });
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${page.data}`);
  const html = page.data;
  const action = decode(attr(html, /<form[^>]*action="([^"]+)"/) ?? '');
  const requestId = decode(attr(html, /name="request_id" value="([^"]+)"/) ?? '');
  const accounts = [...html.matchAll(/name="account" value="([^"]+)"/g)].map((m) => decode(m[1]));
  const form = new URLSearchParams({ request_id: requestId, decision });
  for (const account of opts.accounts === 'all' ? accounts : accounts.slice(0, 1)) form.append('account', account);
  const target = new URL(action, authorizeUrl);
  const res = await axios.post(target.toString(), form.toString(), {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    maxRedirects: 0,
    validateStatus: () => true,
  });
  if (res.status < 300 || res.status >= 400)
    throw new Error(`consent decision answered ${res.status}: ${JSON.stringify(res.data)}`);
  return new URL(res.headers.location as string);
};

const PLUGIN = '/retailcloud-integrations';

/** The browser-binding cookie (`name=value`) our Connect answer sets: the callback needs it back. */
export const bindingCookie = (connectAnswer: Response): string => {
  const cookie = ((connectAnswer.headers['set-cookie'] ?? []) as unknown as string[]).find((c) =>
    c.startsWith('rci_oauth_binding=')
  );
  if (!cookie) throw new Error(`the Connect answer (${connectAnswer.status}) set no binding cookie`);
  return cookie.split(';')[0];
};

/** What one pass through a provider's consent page exchanged: kept so a test can look for these values elsewhere. */
export interface ConnectTrace {
  /** every response our app gave in the flow */
  responses: Response[];
  /** the authorization code and state the provider sent back to our callback */
  code: string | null;
  state: string | null;
  /** the PKCE challenge sent to the provider (its verifier stays sealed in the database) */
  codeChallenge: string | null;
  /** the scopes the authorize URL asked for */
  scopes?: string[];
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
  const cookie = bindingCookie(start);
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
    scopes: (authorizeUrl.searchParams.get('scope') ?? '').split(' ').filter(Boolean),
    landing,
  };
};
