import Decimal from 'decimal.js';
import { isObject } from '../core/request-body';
import { faults } from './errors';
import type { QboAccount, QboEntity, QuickBooksSandboxState } from './state';

/** {value: "79", name: "Sales"} or a bare "79" → "79". */
export const refValue = (ref: unknown): string | undefined => {
  if (isObject(ref)) return ref.value === undefined || ref.value === null ? undefined : String(ref.value);
  return typeof ref === 'string' || typeof ref === 'number' ? String(ref) : undefined;
};

export const refTo = (entity: QboEntity, nameField = 'Name') => ({
  value: entity.Id,
  name: String(entity[nameField] ?? ''),
});

export const money = (value: Decimal.Value): number =>
  new Decimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toNumber();

export const decimalOf = (value: unknown): Decimal | undefined => {
  if (typeof value === 'number' && Number.isFinite(value)) return new Decimal(value);
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return new Decimal(value);
  return undefined;
};

interface LookupSpec {
  /** "Accounts", "Item", … as QBO names the kind in "Invalid Reference Id : Accounts element id 7 not found" */
  kind: string;
  list: (state: QuickBooksSandboxState) => QboEntity[];
}

export const LOOKUPS = {
  account: { kind: 'Accounts', list: (s) => s.accounts },
  item: { kind: 'Item', list: (s) => s.items },
  customer: { kind: 'Customer', list: (s) => s.customers },
  vendor: { kind: 'Vendor', list: (s) => s.vendors },
  taxCode: { kind: 'TaxCode', list: (s) => s.taxCodes },
  paymentMethod: { kind: 'PaymentMethod', list: (s) => s.paymentMethods },
} satisfies Record<string, LookupSpec>;

/** The referenced entity; 2500 when it does not exist, 610 when it is inactive. */
export const resolveRef = <T extends QboEntity = QboEntity>(
  state: QuickBooksSandboxState,
  lookup: LookupSpec,
  ref: unknown,
  element: string
): T => {
  const id = refValue(ref);
  if (id === undefined) throw faults.requiredMissing(element);
  const found = lookup.list(state).find((e) => e.Id === id);
  if (!found) throw faults.invalidReference(lookup.kind, id, element);
  if (found.Active === false) throw faults.objectNotFound(element);
  return found as T;
};

export const resolveAccount = (state: QuickBooksSandboxState, ref: unknown, element: string): QboAccount =>
  resolveRef<QboAccount>(state, LOOKUPS.account, ref, element);
