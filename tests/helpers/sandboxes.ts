import axios from 'axios';
import {
  PROVIDERS,
  type ProviderId,
  USER_AGENT,
} from '../../src/plugins/retailcloud-integrations/server/src/constants';
import { type SandboxHandles, startSandbox } from '../../src/plugins/retailcloud-integrations/server/src/sandbox';

export type Sandboxes = SandboxHandles;

/** Start every provider sandbox on a free port and point the app at them (call before bootStrapi). */
export const startSandboxes = async (opts: { timeScale?: number } = {}): Promise<Sandboxes> => {
  const handles = {} as Sandboxes;
  for (const provider of PROVIDERS) {
    const handle = await startSandbox(provider as ProviderId, {
      port: 0,
      clientId: `sandbox-${provider}-client`,
      clientSecret: `sandbox-${provider}-secret`,
      ...(opts.timeScale ? { timeScale: opts.timeScale } : {}),
    });
    (handles as Record<ProviderId, unknown>)[provider] = handle;
    process.env[`RCI_${provider.toUpperCase()}_SANDBOX_URL`] = handle.url;
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
