import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { load } from 'js-yaml';
import { readSpec } from '../core/specs';

/** Request bodies the sandbox validates against xero_accounting.yaml (Prism does not check Invoices/CreditNotes; we do). */
export type XeroCollection = 'Invoices' | 'CreditNotes' | 'ManualJournals' | 'Payments' | 'Contacts';

const ELEMENT_SCHEMA: Record<XeroCollection, string> = {
  Invoices: 'Invoice',
  CreditNotes: 'CreditNote',
  ManualJournals: 'ManualJournal',
  Payments: 'Payment',
  Contacts: 'Contact',
};

export interface SchemaProblem {
  /** index of the element in the collection, when the problem is inside one */
  index?: number;
  /** Invoices[0].LineItems[1].Quantity */
  path: string;
  keyword: string;
  message: string;
}

let validators: Map<XeroCollection, ValidateFunction> | undefined;
let accountingSpec: XeroOpenApi | undefined;
let accountingAjv: Ajv | undefined;

/** The parts of an OpenAPI document the sandbox and the contract test read. */
export interface XeroOpenApi {
  paths: Record<string, Record<string, unknown>>;
  components: {
    schemas: Record<string, unknown>;
    parameters?: Record<string, unknown>;
    requestBodies?: Record<string, unknown>;
  };
}

/** xero_accounting.yaml, parsed once per process. */
export const xeroAccountingSpec = (): XeroOpenApi => {
  accountingSpec ??= load(readSpec('xero/xero_accounting.yaml')) as XeroOpenApi;
  return accountingSpec;
};

/** The spec's JSON Schema id: `#/components/schemas/X` of the spec is `xero-accounting#/components/schemas/X` here. */
export const XERO_ACCOUNTING_SCHEMA_ID = 'xero-accounting';

/**
 * One Ajv for the accounting spec, shared by the sandbox's body validators and the contract test.
 * strict:false: the spec carries OpenAPI annotations (x-is-msdate, example…) that are not JSON Schema keywords.
 * coerceTypes: Xero's JSON reader accepts "200" for numbers and 200 for strings (AccountCode) the same way.
 */
export const xeroAccountingAjv = (): Ajv => {
  if (!accountingAjv) {
    accountingAjv = new Ajv({ strict: false, allErrors: true, coerceTypes: true });
    addFormats(accountingAjv);
    accountingAjv.addSchema({
      $id: XERO_ACCOUNTING_SCHEMA_ID,
      components: { schemas: xeroAccountingSpec().components.schemas },
    });
  }
  return accountingAjv;
};

const compileValidators = (): Map<XeroCollection, ValidateFunction> => {
  const ajv = xeroAccountingAjv();
  const map = new Map<XeroCollection, ValidateFunction>();
  for (const collection of Object.keys(ELEMENT_SCHEMA) as XeroCollection[]) {
    map.set(collection, ajv.compile({ $ref: `${XERO_ACCOUNTING_SCHEMA_ID}#/components/schemas/${collection}` }));
  }
  return map;
};

/** Compiles on first use (the spec is ~1 MB); later sandboxes in the process reuse the validators. */
const validatorFor = (collection: XeroCollection): ValidateFunction => {
  validators ??= compileValidators();
  const validate = validators.get(collection);
  if (!validate) throw new Error(`no validator for ${collection}`);
  return validate;
};

const toDotPath = (collection: XeroCollection, instancePath: string): { path: string; index?: number } => {
  const parts = instancePath.split('/').filter(Boolean);
  let path = '';
  for (const part of parts) path += /^\d+$/.test(part) ? `[${part}]` : path ? `.${part}` : part;
  const index = parts[0] === collection && parts[1] !== undefined ? Number(parts[1]) : undefined;
  return { path: path || collection, index };
};

const describe = (collection: XeroCollection, error: ErrorObject): SchemaProblem => {
  const { path, index } = toDotPath(collection, error.instancePath);
  if (error.keyword === 'required') {
    const missing = String((error.params as { missingProperty?: string }).missingProperty);
    return { index, path: `${path}.${missing}`, keyword: 'required', message: `${missing} is required` };
  }
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues ?? [];
    return { index, path, keyword: 'enum', message: `must be one of ${allowed.slice(0, 12).join(', ')}` };
  }
  return { index, path, keyword: error.keyword, message: error.message ?? 'is invalid' };
};

/**
 * Validates `{ <Collection>: [...] }` against the spec's component schemas, with every $ref resolved.
 * Coercions (e.g. "2" → 2) are applied to the body in place.
 */
export const validateCollectionBody = (collection: XeroCollection, body: unknown): SchemaProblem[] => {
  const validate = validatorFor(collection);
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e) => describe(collection, e));
};

/** Warm the validators (first compile takes about a second) so the first request is not slow. */
export const warmXeroSchemas = (): void => {
  validatorFor('Invoices');
};
