import type { JsonObject } from '../core/request-body';
import { faults } from './errors';
import { resolveAccount } from './references';
import { classificationOf, type QboEntity } from './state';
import type { EntityRules, RuleContext } from './transaction-rules';

const nameTaken = (list: QboEntity[], field: string, name: string, ctx: RuleContext) =>
  list.some((e) => e !== ctx.existing && String(e[field] ?? '').toLowerCase() === name.toLowerCase());

const requiredName = (input: JsonObject, field: string): string => {
  const name = typeof input[field] === 'string' ? String(input[field]).trim() : '';
  if (!name) throw faults.requiredMissing(field);
  return name;
};

/** Account: Name (unique, 6240) and AccountType (the XSD enumeration is checked before) are required. */
export const accountRules: EntityRules = (input, ctx) => {
  const name = requiredName(input, 'Name');
  if (nameTaken(ctx.state.accounts, 'Name', name, ctx)) throw faults.duplicateName();
  if (typeof input.AccountType !== 'string') throw faults.requiredMissing('AccountType');
  return {
    ...input,
    Name: name,
    FullyQualifiedName: name,
    SubAccount: false,
    Classification: classificationOf(input.AccountType),
    Active: input.Active !== false,
    CurrentBalance: 0,
    CurrentBalanceWithSubAccounts: 0,
    CurrencyRef: { value: 'USD', name: 'United States Dollar' },
  };
};

/** Customer: DisplayName is required and unique. */
export const customerRules: EntityRules = (input, ctx) => {
  const name = requiredName(input, 'DisplayName');
  if (nameTaken(ctx.state.customers, 'DisplayName', name, ctx)) throw faults.duplicateName();
  return {
    ...input,
    DisplayName: name,
    FullyQualifiedName: name,
    Active: input.Active !== false,
    Balance: 0,
    BalanceWithJobs: 0,
    Job: false,
  };
};

/** Item: Name unique; Service and NonInventory items need an active IncomeAccountRef. */
export const itemRules: EntityRules = (input, ctx) => {
  const name = requiredName(input, 'Name');
  if (nameTaken(ctx.state.items, 'Name', name, ctx)) throw faults.duplicateName();
  const type = typeof input.Type === 'string' ? input.Type : 'Service';
  const income =
    input.IncomeAccountRef !== undefined || type === 'Service' || type === 'NonInventory'
      ? resolveAccount(ctx.state, input.IncomeAccountRef, 'IncomeAccountRef')
      : undefined;
  return {
    ...input,
    Name: name,
    FullyQualifiedName: name,
    Type: type,
    Active: input.Active !== false,
    ...(income ? { IncomeAccountRef: { value: income.Id, name: income.Name } } : {}),
  };
};
