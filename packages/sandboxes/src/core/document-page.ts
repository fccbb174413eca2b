/**
 * A minimal HTML page for a document the sandbox holds, served where the provider's own app shows it (the plugin's
 * "posted days" link there), so a developer following the link sees what was posted. Not part of any provider API.
 */
export interface DocumentPage {
  title: string;
  /** label → value rows above the lines */
  facts: Array<[string, string]>;
  columns: string[];
  rows: string[][];
  /** label → value rows under the lines (totals) */
  totals?: Array<[string, string]>;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const STYLE = `body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#f6f6f9;color:#32324d}
header{background:#13c2ac;color:#fff;padding:14px 32px}header small{opacity:.85}main{padding:24px 32px;max-width:1000px}
dl{display:grid;grid-template-columns:180px 1fr;gap:6px 12px;background:#fff;padding:16px;box-shadow:0 1px 4px rgba(33,33,52,.1)}
dt{font-weight:600}table{width:100%;border-collapse:collapse;background:#fff;margin-top:16px;box-shadow:0 1px 4px rgba(33,33,52,.1)}
th,td{text-align:left;padding:10px 14px;border-bottom:1px solid #eaeaef}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}`;

export const documentPage = (provider: string, page: DocumentPage): string => {
  const numeric = (value: string) => /^-?[\d,]+(\.\d+)?$/.test(value);
  const facts = page.facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('');
  const head = page.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = page.rows
    .map((r) => `<tr>${r.map((v) => `<td${numeric(v) ? ' class="n"' : ''}>${escapeHtml(v)}</td>`).join('')}</tr>`)
    .join('');
  const totals = (page.totals ?? [])
    .map(
      ([k, v]) =>
        `<tr><th colspan="${Math.max(1, page.columns.length - 1)}" class="n">${escapeHtml(k)}</th><td class="n"><strong>${escapeHtml(v)}</strong></td></tr>`
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(page.title)} · ${escapeHtml(
    provider
  )} sandbox</title><style>${STYLE}</style></head><body><header><small>${escapeHtml(provider)} sandbox</small><h1>${escapeHtml(
    page.title
  )}</h1></header><main><dl>${facts}</dl><table><thead><tr>${head}</tr></thead><tbody>${body}${totals}</tbody></table></main></body></html>`;
};

export const notFoundPage = (provider: string, what: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title><style>${STYLE}</style></head><body><header><small>${escapeHtml(
    provider
  )} sandbox</small><h1>Not found</h1></header><main><p>${escapeHtml(what)}</p></main></body></html>`;
