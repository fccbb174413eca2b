export interface ConsentAccount {
  id: string;
  name: string;
  description?: string;
}

export interface ConsentPageInput {
  providerName: string;
  /** e.g. "Organisations", "Company", "Store" */
  accountLabel: string;
  selection: 'multiple' | 'single';
  accounts: ConsentAccount[];
  requestId: string;
  decisionPath: string;
  clientId: string;
  scopes: string[];
  error?: string;
}

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const accountChooser = (input: ConsentPageInput): string => {
  const type = input.selection === 'multiple' ? 'checkbox' : 'radio';
  const items = input.accounts
    .map((account, index) => {
      const id = `account-${index}`;
      const checked = input.selection === 'single' && index === 0 ? ' checked' : '';
      const description = account.description ? ` <small>${escapeHtml(account.description)}</small>` : '';
      return `<li><input type="${type}" id="${id}" name="account" value="${escapeHtml(account.id)}"${checked}>
        <label for="${id}">${escapeHtml(account.name)}</label>${description}</li>`;
    })
    .join('\n');
  const hint =
    input.selection === 'multiple'
      ? '<p id="account-hint">Choose one or more.</p>'
      : '<p id="account-hint">Choose one.</p>';
  return `<fieldset aria-describedby="account-hint">
      <legend>${escapeHtml(input.accountLabel)}</legend>
      ${hint}
      <ul>${items}</ul>
    </fieldset>`;
};

/** A plain, script-free consent page: one form posting the decision. */
export const renderConsentPage = (input: ConsentPageInput): string => {
  const title = `${input.providerName} sandbox: authorise access`;
  const scopes = input.scopes.length
    ? `<ul>${input.scopes.map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join('')}</ul>`
    : '<p>No scopes requested.</p>';
  const error = input.error ? `<p role="alert">${escapeHtml(input.error)}</p>` : '';
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body>
  <main>
    <h1>${escapeHtml(title)}</h1>
    <p>The app <strong>${escapeHtml(input.clientId)}</strong> asks for access to your ${escapeHtml(input.providerName)} data.</p>
    <h2>Requested access</h2>
    ${scopes}
    ${error}
    <form method="post" action="${escapeHtml(input.decisionPath)}">
      <input type="hidden" name="request_id" value="${escapeHtml(input.requestId)}">
      ${accountChooser(input)}
      <button type="submit" name="decision" value="allow">Allow access</button>
      <button type="submit" name="decision" value="deny">Cancel</button>
    </form>
  </main>
</body>
</html>`;
};

export const renderErrorPage = (providerName: string, message: string): string => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(providerName)} sandbox: error</title></head>
<body><main><h1>Authorisation error</h1><p role="alert">${escapeHtml(message)}</p></main></body>
</html>`;
