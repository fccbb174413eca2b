/**
 * The emails the System Admins get when something fails with nobody looking: a scheduled run that failed (or left
 * items behind) and a connection that needs to be connected again. Plain words, the reason as the provider or the
 * check gave it, and the link to the page where it is fixed. Pure: no I/O.
 */
import { merchantWords } from '../../engine/errors';

export interface ProblemMail {
  /** the problem, the same every time it recurs (one email per key and day) */
  key: string;
  provider: string;
  subject: string;
  text: string;
  html: string;
}

const RUN_KIND_WORDS: Record<string, string> = {
  'daily-posting': 'daily transfer of the sales to the ledger',
  'ecwid-incremental': 'sync of the changes to Ecwid',
  'ecwid-setup': 'full sync to Ecwid',
  'ecwid-reconcile': 'nightly Ecwid stock check',
  'audience-sync': 'audience sync to Mailchimp',
  'campaign-launch': 'campaign launch',
};

const kindWords = (kind: string) => RUN_KIND_WORDS[kind] ?? kind.replace(/[-_]+/g, ' ');

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const FOOTER = 'You get this email at most once a day for the same problem.';

const html = (paragraphs: string[], items: string[], link: { href: string; label: string }) =>
  `<div style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#32324d;max-width:640px">${paragraphs
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('')}${
    items.length ? `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>` : ''
  }<p><a href="${escapeHtml(link.href)}" style="display:inline-block;background:#4945ff;color:#fff;padding:10px 16px;border-radius:4px;text-decoration:none">${escapeHtml(
    link.label
  )}</a></p><p style="color:#666687;font-size:13px">${escapeHtml(FOOTER)}</p></div>`;

const text = (paragraphs: string[], items: string[], link: { href: string; label: string }) =>
  [
    ...paragraphs,
    ...(items.length ? [items.map((i) => `- ${i}`).join('\n')] : []),
    `${link.label}: ${link.href}`,
    FOOTER,
  ].join('\n\n');

export interface FailedRun {
  provider: string;
  providerName: string;
  kind: string;
  status: 'failed' | 'partial';
  message: string | null;
  failures: Array<{ ref: string; reason: string }>;
  finishedAt: Date;
}

/** A scheduled run that failed, or finished with items it could not send. */
export const failedRunMail = (run: FailedRun, pageUrl: string): ProblemMail => {
  const what = kindWords(run.kind);
  const subject =
    run.status === 'failed'
      ? `${run.providerName}: the scheduled ${what} failed`
      : `${run.providerName}: the scheduled ${what} left some items behind`;
  // a provider's answer ("HTTP 503 …") in plain words, as the admin shows it (docs/run-words.md)
  const retry = run.kind === 'daily-posting' ? 'the day' : 'it';
  const plain = (reason: string) => merchantWords(run.providerName, reason, retry).message;
  const shown = run.failures.slice(0, 5).map((f) => `${f.ref}: ${plain(f.reason)}`);
  const more = run.failures.length > shown.length ? [`and ${run.failures.length - shown.length} more`] : [];
  const paragraphs = [
    `The scheduled ${what} (${run.providerName}) ${run.status === 'failed' ? 'failed' : 'could not send everything'} at ${run.finishedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    ...(run.message ? [`What happened: ${plain(run.message)}`] : []),
    ...(shown.length ? ['What could not be sent, and why:'] : []),
  ];
  const link = { href: pageUrl, label: `Open the ${run.providerName} page to fix it and retry` };
  return {
    key: `run:${run.provider}:${run.kind}`,
    provider: run.provider,
    subject,
    text: text(paragraphs, [...shown, ...more], link),
    html: html(paragraphs, [...shown, ...more], link),
  };
};

/** A connection the provider no longer accepts: someone has to connect it again. */
export const reauthMail = (
  connection: {
    id: number;
    provider: string;
    providerName: string;
    accountName: string | null;
    lastError: string | null;
  },
  pageUrl: string
): ProblemMail => {
  const account = connection.accountName ? ` (${connection.accountName})` : '';
  const paragraphs = [
    `${connection.providerName}${account} no longer accepts CAS's access, so nothing is sent to it, including the scheduled syncs and postings.`,
    ...(connection.lastError ? [`What ${connection.providerName} said: ${connection.lastError}`] : []),
    `To fix it, open the ${connection.providerName} page in CAS and press Connect again; what was not sent meanwhile is sent on the next run.`,
  ];
  const link = { href: pageUrl, label: `Connect ${connection.providerName} again` };
  return {
    key: `reauth:${connection.provider}:${connection.id}`,
    provider: connection.provider,
    subject: `${connection.providerName} needs to be connected again`,
    text: text(paragraphs, [], link),
    html: html(paragraphs, [], link),
  };
};
