import { listAll } from '../../../providers/ecwid/ecwid-requests';
import { type CasCategory, payloadHash, toEcwidCategory } from '../../../providers/ecwid/mappers';
import { emptyPlan, type MappingLookup, type Plan, type PlanContext } from '../types';

/** The Ecwid id of a CAS category, once mapped. */
export const remoteCategory = (mappings: MappingLookup, casId: number | null): number | null => {
  if (casId === null) return null;
  const m = mappings.get('category', String(casId));
  return m ? Number(m.remoteId) : null;
};

/**
 * Categories, a level at a time (parents first: Ecwid answers 404 for a missing parent): `shared` are the CAS
 * categories the push sends. A category with no mapping is adopted when Ecwid has one with the same name under the
 * same parent (categories have no unique key in Ecwid; a crashed run made it), created otherwise.
 */
export const categoryPlanner = ({ client, mappings, scope }: PlanContext, shared: CasCategory[]) => {
  let ecwidCategories: Array<{ id: number; name: string; parentId?: number }> | null = null;
  return async (level: CasCategory[]): Promise<Plan> => {
    const plan = emptyPlan();
    for (const category of level) {
      if (!scope.wants('category', category.name)) continue;
      const parentShared = category.parentId !== null && shared.some((c) => c.id === category.parentId);
      const parentRemote = parentShared ? remoteCategory(mappings, category.parentId) : null;
      if (parentShared && parentRemote === null) {
        plan.outcomes.push({
          entity: 'category',
          result: 'failed',
          ref: category.name,
          reason: 'its parent category could not be created',
        });
        continue;
      }
      const payload = toEcwidCategory(category, parentRemote);
      const hash = payloadHash(payload);
      const mapped = mappings.get('category', String(category.id));
      const mapping = {
        entity: 'category' as const,
        casKey: String(category.id),
        casId: category.id,
        payloadHash: hash,
      };
      if (mapped?.payloadHash === hash) {
        plan.outcomes.push({ entity: 'category', result: 'unchanged', ref: category.name });
        continue;
      }
      if (mapped) {
        plan.writes.push({
          entity: 'category',
          ref: category.name,
          kind: 'update',
          request: { method: 'PUT', path: `/categories/${mapped.remoteId}`, body: payload },
          mapping: { ...mapping, remoteId: mapped.remoteId },
        });
        continue;
      }
      ecwidCategories ??= await listAll<{ id: number; name: string; parentId?: number }>(client, '/categories');
      const existing = ecwidCategories.find(
        (c) => c.name === payload.name && (c.parentId ?? 0) === (payload.parentId ?? 0)
      );
      if (existing) {
        plan.settled.push({ ...mapping, remoteId: String(existing.id) });
        plan.outcomes.push({ entity: 'category', result: 'adopted', ref: category.name });
        continue;
      }
      plan.writes.push({
        entity: 'category',
        ref: category.name,
        kind: 'create',
        request: { method: 'POST', path: '/categories', body: payload },
        mapping: { ...mapping, remoteId: null },
      });
    }
    return plan;
  };
};
