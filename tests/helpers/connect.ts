import type { Core } from '@strapi/strapi';
import axios from 'axios';
import request, { type Response } from 'supertest';
import { type ProviderId, USER_AGENT } from '../../src/plugins/retailcloud-integrations/server/src/constants';

/**
 * The one way tests connect a provider: as an administrator in the browser (Connect, the sandbox's consent page, our
 * callback with the binding cookie, the organisation choice), or with a Mailchimp API key.
 */

const PLUGIN = '/retailcloud-integrations';

/** A running app: a Strapi booted in this process, or the base URL of one listening elsewhere. */
export type AppTarget = Core.Strapi | string;

const http = (app: AppTarget) => request(typeof app === 'string' ? app : app.server.httpServer);

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
 * Returns the redirect the provider sends the browser to (our callback URL with code/state or error). A sandbox told
 * to decide by itself (`control.setConsent`) redirects at once: that redirect is returned.
 */
export const consent = async (
  authorizeUrl: string,
  decision: 'allow' | 'deny',
  opts: { accounts?: 'first' | 'all' | 'last' } = {}
): Promise<URL> => {
  const page = await axios.get<string>(authorizeUrl, {
    // The authorize request is the plugin's (its URL, built by the plugin): the contract recorder keeps it.
    headers: { 'User-Agent': `${USER_AGENT} (test browser)` },
    maxRedirects: 0,
    validateStatus: () => true,
    responseType: 'text',
  });
  if (page.status >= 300 && page.status < 400) return new URL(page.headers.location as string, authorizeUrl);
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${page.data}`);
  const html = page.data;
  const action = decode(attr(html, /<form[^>]*action="([^"]+)"/) ?? '');
  const requestId = decode(attr(html, /name="request_id" value="([^"]+)"/) ?? '');
  const accounts = [...html.matchAll(/name="account" value="([^"]+)"/g)].map((m) => decode(m[1]));
  const form = new URLSearchParams({ request_id: requestId, decision });
  const ticked =
    opts.accounts === 'all' ? accounts : opts.accounts === 'last' ? accounts.slice(-1) : accounts.slice(0, 1);
  for (const account of ticked) form.append('account', account);
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
  /** every response our app gave in the flow, the Connect answer first */
  responses: Response[];
  /** the authorization code and state the provider sent back to our callback */
  code: string | null;
  state: string | null;
  /** the PKCE challenge sent to the provider (its verifier stays sealed in the database) */
  codeChallenge: string | null;
  /** the scopes the authorize URL asked for */
  scopes?: string[];
  /** the provider's redirect to our callback, and the browser's binding cookie sent with it (to replay it) */
  redirect: URL;
  cookie: string;
  /** where our callback sent the browser (the admin page with `result`, `connection`…) */
  landing: URL;
  /** the connection the callback named (`connection` in the landing URL) */
  connectionId?: number;
}

export interface ConnectOptions {
  /**
   * Authorise every account on the consent page and choose the organisation whose name contains this ("(US)",
   * "(UK)"), as Xero asks. Without it, one account is ticked and a pending choice is left open (`landing` says
   * `choose_organisation`).
   */
  tenant?: string;
  /**
   * which accounts to tick on the consent page (default: all with `tenant`, else the first; `last`: the last one
   * alone, as for a second QuickBooks company)
   */
  accounts?: 'first' | 'all' | 'last';
  /** the app that receives the callback and the choice, when not the one that started (no sticky sessions) */
  callbackOn?: AppTarget;
}

/**
 * Connect a provider as an administrator does in the browser: Connect, the sandbox's consent page (Allow), our
 * callback with the binding cookie and, with `tenant`, the organisation choice. Throws when the flow does not end
 * connected (or waiting for the organisation choice the caller left open).
 */
export const connectThroughConsent = async (
  app: AppTarget,
  token: string,
  provider: ProviderId,
  opts: ConnectOptions = {}
): Promise<ConnectTrace> => {
  const back = opts.callbackOn ?? app;
  const responses: Response[] = [];
  const start = await http(app)
    .post(`${PLUGIN}/connections/${provider}/connect`)
    .set('Authorization', `Bearer ${token}`);
  responses.push(start);
  if (start.status !== 200) throw new Error(`connect ${provider}: ${start.status} ${JSON.stringify(start.body)}`);
  const cookie = bindingCookie(start);
  const authorizeUrl = new URL(start.body.data.authorizeUrl as string);
  const redirect = await consent(authorizeUrl.toString(), 'allow', {
    accounts: opts.accounts ?? (opts.tenant ? 'all' : 'first'),
  });
  const callback = await http(back).get(`${redirect.pathname}${redirect.search}`).set('Cookie', cookie);
  responses.push(callback);
  const landing = new URL(callback.headers.location as string, 'http://localhost');
  const result = landing.searchParams.get('result');
  const id = landing.searchParams.get('connection');
  if (result === 'choose_organisation' && opts.tenant !== undefined) {
    const list = await http(app).get(`${PLUGIN}/connections`).set('Authorization', `Bearer ${token}`);
    responses.push(list);
    const pending = list.body.data.find((c: { id: number }) => String(c.id) === id);
    const choice = pending?.tenantChoices.find((t: { tenantName: string }) => t.tenantName.includes(opts.tenant ?? ''));
    if (!choice) throw new Error(`connect ${provider}: no organisation named like ${opts.tenant}`);
    const chosen = await http(back)
      .post(`${PLUGIN}/connections/${provider}/${id}/tenant`)
      .set('Authorization', `Bearer ${token}`)
      .send({ tenantId: choice.tenantId });
    responses.push(chosen);
    if (chosen.status !== 200) throw new Error(`choose ${opts.tenant}: ${JSON.stringify(chosen.body)}`);
  } else if (result !== 'connected' && result !== 'choose_organisation') {
    throw new Error(`connect ${provider}: ${landing.toString()}`);
  }
  return {
    responses,
    code: redirect.searchParams.get('code'),
    state: redirect.searchParams.get('state'),
    codeChallenge: authorizeUrl.searchParams.get('code_challenge'),
    scopes: (authorizeUrl.searchParams.get('scope') ?? '').split(' ').filter(Boolean),
    redirect,
    cookie,
    landing,
    ...(id ? { connectionId: Number(id) } : {}),
  };
};

/** Connect Mailchimp with an API key, as the form's "Use an API key" does; returns our answer (200 when accepted). */
export const connectWithApiKey = async (app: AppTarget, token: string, apiKey: string): Promise<Response> =>
  http(app).post(`${PLUGIN}/connections/mailchimp/api-key`).set('Authorization', `Bearer ${token}`).send({ apiKey });
