import { listAll } from '../../../providers/ecwid/ecwid-requests';
import { type CasCustomer, customerConsents, payloadHash, toEcwidCustomer } from '../../../providers/ecwid/mappers';
import { emptyPlan, type Plan, type PlanContext } from '../types';

/**
 * Customers, keyed by address (lower case) and named in the run by CAS id. With the `consenting` scope only those who
 * consent to marketing, unless we sent them before (then their consent change must reach Ecwid). One with no mapping
 * that Ecwid already has (same address) is updated, not created again. A customer with no address (optional in CAS)
 * is skipped, saying so: Ecwid has nothing to key it by.
 */
export const planCustomers = async (
  { client, mappings, scope, settings }: PlanContext,
  customers: CasCustomer[]
): Promise<Plan> => {
  const plan = emptyPlan();
  let ecwidCustomers: Map<string, string> | null = null;
  for (const customer of customers) {
    const ref = String(customer.id);
    if (!scope.wantsCustomer(customer)) continue;
    const email = customer.email?.trim();
    if (!email) {
      plan.outcomes.push({ entity: 'customer', result: 'skipped', ref, reason: 'no email address' });
      continue;
    }
    const key = email.toLowerCase();
    const existing = mappings.get('customer', key);
    if (settings.customerScope === 'consenting' && !customerConsents(customer) && !existing) {
      plan.outcomes.push({ entity: 'customer', result: 'skipped', ref, reason: 'no marketing consent' });
      continue;
    }
    const payload = toEcwidCustomer({ ...customer, email });
    const hash = payloadHash(payload);
    const mapping = { entity: 'customer' as const, casKey: key, casId: customer.id, payloadHash: hash };
    if (existing?.payloadHash === hash) {
      plan.outcomes.push({ entity: 'customer', result: 'unchanged', ref });
      continue;
    }
    let remoteId = existing?.remoteId ?? null;
    if (!remoteId) {
      ecwidCustomers ??= new Map(
        (await listAll<{ id: number; email: string }>(client, '/customers')).map((c) => [
          c.email.toLowerCase(),
          String(c.id),
        ])
      );
      remoteId = ecwidCustomers.get(key) ?? null;
    }
    plan.writes.push(
      remoteId
        ? {
            entity: 'customer',
            ref,
            kind: 'update',
            request: { method: 'PUT', path: `/customers/${remoteId}`, body: payload },
            mapping: { ...mapping, remoteId },
          }
        : {
            entity: 'customer',
            ref,
            kind: 'create',
            request: { method: 'POST', path: '/customers', body: payload },
            mapping: { ...mapping, remoteId: null },
          }
    );
  }
  return plan;
};
