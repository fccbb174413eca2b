import type Koa from 'koa';
import { queryField } from '../core/request-body';
import { queryParseException } from './errors';
import { matchesWhere, parseWhere, WhereParseError } from './where';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export interface ListOptions<T> {
  /** query parameter name → how a record yields the values it is matched against (IDs, InvoiceNumbers, Statuses…) */
  lists?: Record<string, (record: T) => string | undefined>;
  updatedAt?: (record: T) => number;
}

export interface ListResult<T> {
  items: T[];
  paged: boolean;
  pagination?: { page: number; pageSize: number; pageCount: number; itemCount: number };
}

const splitList = (value: string | undefined): string[] | undefined =>
  value === undefined
    ? undefined
    : value
        .split(',')
        .map((v) => v.trim().toLowerCase())
        .filter(Boolean);

const orderBy = <T>(items: T[], order: string | undefined): T[] => {
  if (!order) return items;
  const [field, direction] = order.trim().split(/\s+/);
  const sign = direction?.toUpperCase() === 'DESC' ? -1 : 1;
  const value = (record: T) => (record as Record<string, unknown>)[field];
  return [...items].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === y) return 0;
    if (x === undefined) return 1;
    if (y === undefined) return -1;
    return (x as string | number) < (y as string | number) ? -sign : sign;
  });
};

/**
 * Applies a list GET's query (where, the id/number/status lists, If-Modified-Since, order, page, pageSize).
 * Answers QueryParseException itself and returns undefined for a bad `where`.
 */
export const applyListQuery = <T>(
  ctx: Koa.Context,
  records: T[],
  opts: ListOptions<T> = {}
): ListResult<T> | undefined => {
  let items = records;
  const where = queryField(ctx, 'where');
  if (where) {
    try {
      const expr = parseWhere(where);
      items = items.filter((r) => matchesWhere(expr, r));
    } catch (error) {
      if (error instanceof WhereParseError)
        return void queryParseException(ctx, `Invalid where filter: ${error.message}`);
      throw error;
    }
  }
  for (const [param, valueFor] of Object.entries(opts.lists ?? {})) {
    const wanted = splitList(queryField(ctx, param));
    if (wanted) items = items.filter((r) => wanted.includes((valueFor(r) ?? '').toLowerCase()));
  }
  const since = ctx.get('If-Modified-Since');
  if (since && opts.updatedAt) {
    const sinceMs = Date.parse(since);
    if (!Number.isNaN(sinceMs)) items = items.filter((r) => (opts.updatedAt as (r: T) => number)(r) > sinceMs);
  }
  items = orderBy(items, queryField(ctx, 'order'));
  const pageParam = queryField(ctx, 'page');
  if (pageParam === undefined) return { items, paged: false };
  const page = Math.max(1, Number.parseInt(pageParam, 10) || 1);
  const pageSize = Math.min(
    MAX_PAGE_SIZE,
    Math.max(1, Number.parseInt(queryField(ctx, 'pageSize') ?? '', 10) || DEFAULT_PAGE_SIZE)
  );
  const itemCount = items.length;
  return {
    items: items.slice((page - 1) * pageSize, page * pageSize),
    paged: true,
    pagination: { page, pageSize, pageCount: Math.ceil(itemCount / pageSize), itemCount },
  };
};
