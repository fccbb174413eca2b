/**
 * The scopes each Accounting API resource needs (docs/providers/xero.md#oauth-and-scopes). Xero's granular scopes
 * (apps created from March 2026) and the broad ones they replace (accepted until September 2027) both count; a
 * `.read` scope allows GET only. The official OpenAPI file still lists the broad scopes per operation.
 */
export interface ResourceScopes {
  /** scopes that allow every method */
  write: string[];
  /** scopes that allow GET only */
  read: string[];
}

const settings: ResourceScopes = { write: ['accounting.settings'], read: ['accounting.settings.read'] };
const transactions = (granular: string): ResourceScopes => ({
  write: [granular, 'accounting.transactions'],
  read: [`${granular}.read`, 'accounting.transactions.read'],
});

export const XERO_RESOURCE_SCOPES: Record<string, ResourceScopes> = {
  Organisation: settings,
  Accounts: settings,
  TaxRates: settings,
  Currencies: settings,
  Contacts: { write: ['accounting.contacts'], read: ['accounting.contacts.read'] },
  Invoices: transactions('accounting.invoices'),
  CreditNotes: transactions('accounting.invoices'),
  Payments: transactions('accounting.payments'),
  ManualJournals: transactions('accounting.manualjournals'),
};

/** The scopes that would allow this call, or null when the resource needs none the sandbox knows of. */
export const scopesFor = (method: string, resource: string): string[] | null => {
  const entry = XERO_RESOURCE_SCOPES[resource];
  if (!entry) return null;
  return method === 'GET' || method === 'HEAD' ? [...entry.write, ...entry.read] : entry.write;
};
