/**
 * A local SMTP catcher for development and tests: an SMTP server that accepts every message (no TLS, no login, as a
 * catcher on 127.0.0.1 needs none) and keeps it in memory, and a small HTTP inbox to read them offline:
 *
 *   GET  /                 the inbox as an HTML page (newest first)
 *   GET  /messages/:id     one message as an HTML page (its HTML body in a sandboxed frame, else its text)
 *   GET  /api/messages     the messages as JSON (tests read them here)
 *   DELETE /api/messages   empty the inbox
 *
 * Point the app's email plugin at it with SMTP_HOST=127.0.0.1 SMTP_PORT=<smtpPort> (scripts/develop.mjs does).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  id: number;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
}

export interface SmtpCatcherOptions {
  /** SMTP port (0: a free one) */
  smtpPort?: number;
  /** inbox HTTP port (0: a free one) */
  httpPort?: number;
  host?: string;
}

export interface SmtpCatcher {
  smtpPort: number;
  host: string;
  /** the inbox page's origin, http://host:port */
  inboxUrl: string;
  messages(): CaughtMail[];
  clear(): void;
  stop(): Promise<void>;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const PAGE_STYLE = `body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#f6f6f9;color:#32324d}
header{background:#4945ff;color:#fff;padding:16px 32px}header h1{margin:0;font-size:20px}
main{padding:24px 32px;max-width:1100px}table{width:100%;border-collapse:collapse;background:#fff;box-shadow:0 1px 4px rgba(33,33,52,.1)}
th,td{text-align:left;padding:12px 16px;border-bottom:1px solid #eaeaef;vertical-align:top}th{font-size:12px;text-transform:uppercase;color:#666687}
a{color:#4945ff}.meta{background:#fff;padding:16px;margin-bottom:16px;box-shadow:0 1px 4px rgba(33,33,52,.1)}
.meta dt{font-weight:600;float:left;width:90px}.meta dd{margin:0 0 6px 100px}iframe{width:100%;min-height:480px;border:0;background:#fff}
pre{white-space:pre-wrap;background:#fff;padding:16px}.empty{color:#666687}`;

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${PAGE_STYLE}</style></head><body><header><h1>${escapeHtml(title)}</h1></header><main>${body}</main></body></html>`;

const inboxPage = (mails: CaughtMail[]) =>
  page(
    'Local mail inbox (development)',
    mails.length === 0
      ? '<p class="empty">No mail yet. Mail the app sends in development arrives here.</p>'
      : `<table><thead><tr><th>Received</th><th>To</th><th>Subject</th></tr></thead><tbody>${[...mails]
          .reverse()
          .map(
            (m) =>
              `<tr><td>${escapeHtml(new Date(m.receivedAt).toLocaleString('en-GB', { timeZone: 'UTC' }))} UTC</td><td>${escapeHtml(m.to.join(', '))}</td><td><a href="/messages/${m.id}">${escapeHtml(m.subject || '(no subject)')}</a></td></tr>`
          )
          .join('')}</tbody></table>`
  );

const messagePage = (m: CaughtMail) =>
  page(
    m.subject || '(no subject)',
    `<p><a href="/">← Inbox</a></p><dl class="meta"><dt>From</dt><dd>${escapeHtml(m.from)}</dd><dt>To</dt><dd>${escapeHtml(
      m.to.join(', ')
    )}</dd><dt>Subject</dt><dd>${escapeHtml(m.subject)}</dd><dt>Received</dt><dd>${escapeHtml(m.receivedAt)}</dd></dl>${
      m.html
        ? `<iframe title="Message" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${escapeHtml(m.html)}"></iframe>`
        : `<pre>${escapeHtml(m.text)}</pre>`
    }`
  );

const listen = (server: { listen(port: number, host: string, cb: () => void): unknown }, port: number, host: string) =>
  new Promise<void>((resolve) => {
    server.listen(port, host, () => resolve());
  });

export const startSmtpCatcher = async (opts: SmtpCatcherOptions = {}): Promise<SmtpCatcher> => {
  const host = opts.host ?? '127.0.0.1';
  const mails: CaughtMail[] = [];
  let next = 1;
  const smtp = new SMTPServer({
    // a catcher on the loopback: no STARTTLS (nodemailer would refuse its self-signed certificate), no login
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          mails.push({
            id: next++,
            receivedAt: new Date().toISOString(),
            from: parsed.from?.text ?? (session.envelope.mailFrom ? session.envelope.mailFrom.address : ''),
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : null,
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  const inbox = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://inbox');
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method === 'GET' && url.pathname === '/') return send(200, 'text/html', inboxPage(mails));
    if (req.method === 'GET' && url.pathname === '/api/messages')
      return send(200, 'application/json', JSON.stringify(mails));
    if (req.method === 'DELETE' && url.pathname === '/api/messages') {
      mails.length = 0;
      return send(200, 'application/json', '[]');
    }
    const match = /^\/messages\/(\d+)$/.exec(url.pathname);
    const mail = match ? mails.find((m) => m.id === Number(match[1])) : undefined;
    if (req.method === 'GET' && mail) return send(200, 'text/html', messagePage(mail));
    return send(404, 'text/html', page('Not found', '<p><a href="/">← Inbox</a></p>'));
  });
  await listen(smtp, opts.smtpPort ?? 0, host);
  await listen(inbox, opts.httpPort ?? 0, host);
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const httpPort = (inbox.address() as AddressInfo).port;
  return {
    smtpPort,
    host,
    inboxUrl: `http://${host}:${httpPort}`,
    messages: () => [...mails],
    clear: () => {
      mails.length = 0;
    },
    stop: () =>
      Promise.all([
        new Promise<void>((resolve) => smtp.close(() => resolve())),
        new Promise<void>((resolve) => {
          inbox.closeAllConnections();
          inbox.close(() => resolve());
        }),
      ]).then(() => undefined),
  };
};
