/**
 * The I/O of QuickBooks' sales-receipt posting mode (docs/quickbooks-sales-receipts.md): per run, the service items
 * for the income accounts (found by name, created when missing) and the sales tax codes with their rates. Posting,
 * look-up and read-back of the receipts go through the generic QuickBooks entity paths (batch.ts).
 */
import type { StoredLedgerMapping } from '../../accounting/ledger-mapping';
import { ProviderError } from '../../engine/errors';
import type { ApiClient } from '../../engine/http';
import { RECEIPT_SETUP_KEY, type ReceiptSetup } from './sales-receipts';

/** Item names cannot hold a colon (QuickBooks' sub-item separator) and are at most 100 characters (Item.Name). */
const itemName = (what: 'sales' | 'returns', accountName: string) =>
  `CAS ${what} - ${accountName}`.replace(/:/g, '-').slice(0, 100);

const escapeQuery = (value: string) => value.replace(/\\/g, '\\\\').replace(/'/g, "\\'");

const select = async <T>(client: ApiClient, entity: string, statement: string): Promise<T[]> => {
  const res = await client.request<{ QueryResponse?: Record<string, T[] | number> }>({
    method: 'GET',
    url: '/query',
    params: { query: statement, minorversion: 75 },
  });
  const found = res.data.QueryResponse?.[entity];
  return Array.isArray(found) ? found : [];
};

interface QboItem {
  Id: string;
  Name: string;
  Active?: boolean;
  IncomeAccountRef?: { value: string };
}

/** The service item posting to an income account: the one CAS named for it, created when missing. */
const ensureItem = async (client: ApiClient, what: 'sales' | 'returns', accountId: string): Promise<string> => {
  const account = await client.request<{ Account?: { Name?: string } }>({
    method: 'GET',
    url: `/account/${encodeURIComponent(accountId)}`,
    params: { minorversion: 75 },
  });
  const name = itemName(what, account.data.Account?.Name ?? accountId);
  const find = async () =>
    (await select<QboItem>(client, 'Item', `select * from Item where Name = '${escapeQuery(name)}'`)).find(
      (i) => i.Active !== false && i.IncomeAccountRef?.value === accountId
    );
  const existing = await find();
  if (existing) return existing.Id;
  try {
    const created = await client.request<{ Item?: { Id?: string } }>({
      method: 'POST',
      url: '/item',
      params: { minorversion: 75 },
      data: {
        Name: name,
        Type: 'Service',
        Description: `Posted by CAS: daily ${what} to ${account.data.Account?.Name ?? accountId}`,
        IncomeAccountRef: { value: accountId },
        Taxable: true,
      },
    });
    if (created.data.Item?.Id) return String(created.data.Item.Id);
  } catch (error) {
    // another server created it at the same moment (duplicate name): use theirs
    if (!(error instanceof ProviderError)) throw error;
    const raced = await find();
    if (raced) return raced.Id;
    throw new ProviderError({
      provider: 'quickbooks',
      status: error.status,
      code: error.code,
      message: `QuickBooks would not create the item "${name}" for the ${what} income account: ${error.message}. An item with that name may exist with another income account or be inactive; rename or reactivate it.`,
    });
  }
  throw new Error(`QuickBooks created the item "${name}" but returned no Id`);
};

interface QboTaxCode {
  Id: string;
  Name: string;
  Active?: boolean;
  SalesTaxRateList?: { TaxRateDetail?: Array<{ TaxRateRef?: { value?: string } }> };
}
interface QboTaxRate {
  Id: string;
  RateValue?: number | string;
}

/** Per run: the two items and every sales tax code's combined rate (TaxCode.SalesTaxRateList → TaxRate.RateValue). */
export const prepareReceipts = async (
  client: ApiClient,
  mapping: StoredLedgerMapping
): Promise<Record<string, string>> => {
  if (!mapping.salesAccount || !mapping.returnsAccount) return {};
  const salesItem = await ensureItem(client, 'sales', mapping.salesAccount);
  const returnsItem = await ensureItem(client, 'returns', mapping.returnsAccount);
  const [codes, rates] = await Promise.all([
    select<QboTaxCode>(client, 'TaxCode', 'select * from TaxCode MAXRESULTS 1000'),
    select<QboTaxRate>(client, 'TaxRate', 'select * from TaxRate MAXRESULTS 1000'),
  ]);
  const rateOf = new Map(rates.map((r) => [r.Id, String(r.RateValue ?? '0')]));
  const taxCodes: ReceiptSetup['taxCodes'] = {};
  for (const code of codes) {
    const details = code.SalesTaxRateList?.TaxRateDetail ?? [];
    if (code.Active === false || details.length === 0) continue;
    // cents arithmetic on the sum of the rates as exact decimals (e.g. 6.25 + 2.625)
    const thousandths = details.reduce(
      (sum, d) => sum + Math.round(Number(rateOf.get(d.TaxRateRef?.value ?? '') ?? 0) * 100000),
      0
    );
    taxCodes[code.Id] = { name: code.Name, ratePercent: String(thousandths / 100000) };
  }
  const setup: ReceiptSetup = { salesItem, returnsItem, taxCodes };
  return { [RECEIPT_SETUP_KEY]: JSON.stringify(setup) };
};
