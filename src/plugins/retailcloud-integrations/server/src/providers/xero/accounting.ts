import { compareRates } from '@retailcloud/domain';
import { ACCOUNT_FIELDS, mappingFieldSentence, type StoredLedgerMapping } from '../../accounting/ledger-mapping';
import type { AccountingOps, ChartAccount, LedgerDocument, LedgerSettings, TaxCode } from '../../accounting/ops';
import type { ProviderError } from '../../engine/errors';
import type { ApiClient } from '../../engine/http';
import { xeroBatch, xeroTotalOf } from './batch';
import { collectionOf, mentionsLockDate, q, refValueOf } from './collections';
import { viewXeroDocument, XERO_APP_ORIGIN, xeroDocumentPath } from './document-view';
import { mapAdjustmentToXero, mapDayToXero, XERO_MAPPING_REQUIREMENTS, type XeroDocument } from './mappers';

const POS_CONTACT = 'CAS Point of Sale';

interface XeroAccount {
  AccountID: string;
  Code?: string;
  Name: string;
  Type: string;
  Class?: string;
  Status: string;
  EnablePaymentsToAccount?: boolean;
}
interface XeroTaxRate {
  Name: string;
  TaxType: string;
  Status: string;
  EffectiveRate?: number | string;
  DisplayTaxRate?: number | string;
  CanApplyToRevenue?: boolean;
}

export const xeroAccounting: AccountingOps = {
  requirements: XERO_MAPPING_REQUIREMENTS,

  async listAccounts(client: ApiClient): Promise<ChartAccount[]> {
    const res = await client.request<{ Accounts: XeroAccount[] }>({ method: 'GET', url: '/Accounts' });
    return res.data.Accounts.map((a) => ({
      value: a.Code ?? a.AccountID,
      code: a.Code ?? null,
      name: a.Name,
      type: a.Type,
      group: (a.Class ?? '').toLowerCase(),
      active: a.Status === 'ACTIVE',
      status: a.Status,
      acceptsPayments: a.Type === 'BANK' || a.EnablePaymentsToAccount === true,
    }));
  },

  async listTaxCodes(client: ApiClient): Promise<TaxCode[]> {
    const res = await client.request<{ TaxRates: XeroTaxRate[] }>({ method: 'GET', url: '/TaxRates' });
    return res.data.TaxRates.map((t) => ({
      value: t.TaxType,
      name: t.Name,
      rate:
        t.EffectiveRate !== undefined
          ? String(t.EffectiveRate)
          : t.DisplayTaxRate !== undefined
            ? String(t.DisplayTaxRate)
            : null,
      active: t.Status === 'ACTIVE',
      forRevenue: t.CanApplyToRevenue !== false,
    }));
  },

  checkAgainstChart(mapping: StoredLedgerMapping, accounts: ChartAccount[], taxCodes: TaxCode[]): string[] {
    const problems: string[] = [];
    const byValue = new Map(accounts.map((a) => [a.value, a]));
    const check = (field: string, value: string | undefined, needsPayments: boolean) => {
      if (!value) return;
      const account = byValue.get(value);
      const what = mappingFieldSentence(field);
      if (!account) {
        problems.push(`${what} is account ${value}, which no longer exists in Xero (deleted?): choose another`);
        return;
      }
      const label = `${account.code ?? account.value} "${account.name}"`;
      if (!account.active)
        problems.push(
          `${what}, ${label}, is ${account.status.toLowerCase()} in Xero: choose another, or restore it in Xero`
        );
      if (needsPayments && !account.acceptsPayments) {
        problems.push(
          `${what}, ${label}, does not take payments: in Xero open Accounting → Chart of accounts, edit the account, tick "Enable payments to this account" and save; then save here again (or choose a bank account)`
        );
      }
    };
    for (const field of ACCOUNT_FIELDS) {
      if (field === 'salesTaxAccount') continue; // Xero keeps tax on tax types
      check(field, mapping[field], false);
    }
    for (const [method, value] of Object.entries(mapping.paymentAccounts ?? {}))
      check(`paymentAccounts.${method}`, value, true);
    const taxes = new Map(taxCodes.map((t) => [t.value, t]));
    for (const [rate, code] of Object.entries(mapping.taxRates ?? {})) {
      if (!code) continue;
      const tax = taxes.get(code);
      const what = mappingFieldSentence(`taxRates.${rate}`);
      if (!tax) problems.push(`${what} is ${code}, which does not exist in Xero: choose another`);
      else if (!tax.active) problems.push(`${what}, "${tax.name}", is not active in Xero: choose another`);
      else if (!tax.forRevenue)
        problems.push(`${what}, "${tax.name}", cannot be used on sales in Xero: choose a sales tax rate`);
      else if (tax.rate !== null && compareRates(tax.rate, rate) !== 0) {
        // Xero computes each line's tax at the tax type's rate and refuses a TaxAmount that differs.
        problems.push(`${what}, "${tax.name}", is ${tax.rate}% in Xero, not ${rate}%: choose a ${rate}% tax rate`);
      }
    }
    return problems;
  },

  label: 'Xero',

  view: (doc, currency) => viewXeroDocument(doc, currency),
  documentUrl: (kind, remoteId, where) => {
    const path = xeroDocumentPath(kind, remoteId);
    return path ? `${where.sandboxOrigin ?? XERO_APP_ORIGIN}${path}` : null;
  },

  async ledgerSettings(client: ApiClient): Promise<LedgerSettings> {
    const org = await client.request<{
      Organisations: Array<{ BaseCurrency?: string; PeriodLockDate?: string; EndOfYearLockDate?: string }>;
    }>({ method: 'GET', url: '/Organisation' });
    const organisation = org.data.Organisations[0] ?? {};
    const base = organisation.BaseCurrency;
    if (!base) throw new Error('Xero did not say the organisation’s base currency (GET /Organisation)');
    const currencies = await client.request<{ Currencies?: Array<{ Code: string }> }>({
      method: 'GET',
      url: '/Currencies',
    });
    const enabled = (currencies.data.Currencies ?? []).map((c) => c.Code);
    const dates = [organisation.PeriodLockDate, organisation.EndOfYearLockDate]
      .filter((d): d is string => Boolean(d))
      .map(xeroDate);
    return {
      lockDate: dates.sort().pop() ?? null,
      currencies: { home: base, multiCurrency: enabled.some((c) => c !== base), enabled },
    };
  },

  lockedReason: (lockDate: string, day: string) =>
    `Xero's lock date is ${lockDate}, so ${day} was not sent; move the lock date in Xero, or set the locked-period policy to post on the first open date`,

  async prepare(client: ApiClient) {
    const found = await client.request<{ Contacts: Array<{ ContactID: string }> }>({
      method: 'GET',
      url: '/Contacts',
      params: { where: `Name=="${q(POS_CONTACT)}"` },
    });
    const existing = found.data.Contacts[0];
    if (existing) return { contactId: existing.ContactID };
    const created = await client.request<{ Contacts: Array<{ ContactID: string }> }>({
      method: 'PUT',
      url: '/Contacts',
      data: { Contacts: [{ Name: POS_CONTACT }] },
      headers: { 'Idempotency-Key': 'cas-pos-contact' },
      retrySafe: true,
    });
    return { contactId: created.data.Contacts[0].ContactID };
  },

  build({ posted, now, mapping, context, adjustment, postingDate }) {
    const options = postingDate ? { postingDate } : {};
    const result = posted
      ? mapAdjustmentToXero(posted, now, mapping, context.contactId, adjustment, options)
      : mapDayToXero(now, mapping, context.contactId, options);
    // Invoices and credit notes carry CurrencyCode and Xero converts them at its own day rate; a payment has no
    // CurrencyCode and is in the currency of the document it pays. Manual journals have no currency in Xero's
    // reference (docs/providers/xero.md#currencies): their amounts are taken in the base currency. A foreign-currency
    // store's COGS (and over/short) journal would need its amounts converted at the rate Xero applied, which Xero
    // neither publishes nor lets us read before the invoice exists; posting them unconverted would book pounds as
    // dollars. So those journals are recorded as not sent, with the reason, for the bookkeeper to enter by hand.
    const base = context.homeCurrency;
    const foreign = base !== undefined && now.currency !== base;
    return {
      documents: result.documents.map((d: XeroDocument) => ({
        kind: d.kind,
        reference: d.reference,
        payload: d.payload,
        ...(foreign && d.kind === 'manual-journal'
          ? {
              notSent: `manual journals in Xero are in the base currency ${base} only, and store ${now.storeCode} sells in ${now.currency}: ${d.reference} was not sent; enter it by hand converted at Xero's rate for the day`,
            }
          : {}),
      })),
      expectedTotals: result.expectedTotals,
    };
  },

  async findExisting(client: ApiClient, doc: LedgerDocument): Promise<string | null> {
    const c = collectionOf(doc);
    const refValue = refValueOf(doc);
    const res = await client.request<Record<string, Array<Record<string, unknown>>>>({
      method: 'GET',
      url: c.path,
      params: { where: `${c.refField}=="${q(refValue)}"` },
    });
    const match = (res.data[c.key] ?? []).find((d) => d.Status !== 'DELETED' && d.Status !== 'VOIDED');
    return match ? String(match[c.idField]) : null;
  },

  async send(client: ApiClient, doc: LedgerDocument, idempotencyKey: string): Promise<string> {
    const c = collectionOf(doc);
    const res = await client.request<Record<string, Array<Record<string, unknown>>>>({
      method: 'PUT',
      url: c.path,
      params: { summarizeErrors: 'true' },
      data: { [c.key]: [doc.payload] },
      headers: { 'Idempotency-Key': idempotencyKey },
      retrySafe: true,
    });
    const created = res.data[c.key]?.[0];
    if (!created?.[c.idField]) throw new Error(`Xero accepted the ${doc.kind} but returned no ${c.idField}`);
    return String(created[c.idField]);
  },

  async readTotal(client: ApiClient, doc: LedgerDocument, remoteId: string): Promise<number | null> {
    const c = collectionOf(doc);
    const res = await client.request<Record<string, Array<Record<string, unknown>>>>({
      method: 'GET',
      url: `${c.path}/${remoteId}`,
    });
    const found = res.data[c.key]?.[0];
    return found ? xeroTotalOf(doc, found) : null;
  },

  isLockedPeriod: (error: ProviderError) => mentionsLockDate([error.message, ...error.details]),

  batch: xeroBatch,
};

/** Xero dates come as "2026-03-31T00:00:00" or "/Date(1711843200000+0000)/". */
export const xeroDate = (value: string): string => {
  const ms = /\/Date\((\d+)/.exec(value);
  if (ms) return new Date(Number(ms[1])).toISOString().slice(0, 10);
  return value.slice(0, 10);
};
