/** Error-body readers shared by the adapters: each provider's format, described in each docs/providers/<provider>.md (Errors / Error formats). */
type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** OAuth token-endpoint errors: {error, error_description} (RFC 6749), used by every provider's token endpoint. */
export const oauthError = (body: unknown): { code: string; message: string } | null => {
  if (!isObj(body) || !text(body.error)) return null;
  return { code: String(body.error), message: text(body.error_description) ?? String(body.error) };
};

/** Xero: {ErrorNumber, Type: "ValidationException", Message, Elements: [{ ValidationErrors: [{ Message }] }]} */
export const xeroError = (status: number, body: unknown) => {
  const oauth = oauthError(body);
  if (oauth) return { code: oauth.code, message: oauth.message, details: [] };
  if (!isObj(body)) return { code: null, message: `Xero answered HTTP ${status}`, details: [] };
  const details: string[] = [];
  for (const el of Array.isArray(body.Elements) ? body.Elements : []) {
    if (!isObj(el)) continue;
    for (const ve of Array.isArray(el.ValidationErrors) ? el.ValidationErrors : []) {
      if (isObj(ve) && text(ve.Message)) details.push(String(ve.Message));
    }
  }
  return {
    code: text(body.Type) ?? text(body.Title) ?? null,
    message: text(body.Message) ?? text(body.Detail) ?? text(body.detail) ?? `Xero answered HTTP ${status}`,
    details,
  };
};

/** QuickBooks: {Fault: {Error: [{Message, Detail, code, element}], type}} */
export const quickbooksError = (status: number, body: unknown) => {
  const oauth = oauthError(body);
  if (oauth) return { code: oauth.code, message: oauth.message, details: [] };
  const fault = isObj(body) && isObj(body.Fault) ? body.Fault : isObj(body) && isObj(body.fault) ? body.fault : null;
  const errors = fault && Array.isArray(fault.Error) ? fault.Error.filter(isObj) : [];
  if (errors.length === 0) return { code: null, message: `QuickBooks answered HTTP ${status}`, details: [] };
  const first = errors[0];
  return {
    code: text(first.code) ?? (fault ? text(fault.type) : null),
    message: text(first.Message) ?? `QuickBooks answered HTTP ${status}`,
    details: errors
      .map((e) => [text(e.Detail), text(e.element) ? `(${e.element})` : null].filter(Boolean).join(' '))
      .filter(Boolean),
  };
};

/** Mailchimp: application/problem+json {type, title, status, detail, instance, errors?: [{field, message}]} */
export const mailchimpError = (status: number, body: unknown) => {
  const oauth = oauthError(body);
  if (oauth) return { code: oauth.code, message: oauth.message, details: [] };
  if (!isObj(body)) return { code: null, message: `Mailchimp answered HTTP ${status}`, details: [] };
  const details = (Array.isArray(body.errors) ? body.errors : [])
    .filter(isObj)
    .map((e) => [text(e.field), text(e.message)].filter(Boolean).join(': '));
  return {
    code: text(body.title),
    message: text(body.detail) ?? text(body.title) ?? `Mailchimp answered HTTP ${status}`,
    details,
  };
};

/** Ecwid: {errorMessage, errorCode} */
export const ecwidError = (status: number, body: unknown) => {
  const oauth = oauthError(body);
  if (oauth) return { code: oauth.code, message: oauth.message, details: [] };
  if (!isObj(body)) return { code: null, message: `Ecwid answered HTTP ${status}`, details: [] };
  return {
    code: text(body.errorCode),
    message: text(body.errorMessage) ?? `Ecwid answered HTTP ${status}`,
    details: [],
  };
};
