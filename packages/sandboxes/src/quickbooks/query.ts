import { kindByName } from './entities';
import { faults } from './errors';
import type { QboEntity, QuickBooksSandboxState } from './state';
import { elementsOf, type XsdModel } from './xsd-model';

/**
 * QBO's query language, the part integrations use:
 *   select * | count(*) | Field, Field from Entity
 *   [where Field op value [and Field op value]…]   op: = < > <= >= != like in
 *   [orderby Field [asc|desc], …] [startposition n] [maxresults n]
 * Values are 'quoted strings' (\' escapes a quote), numbers, true/false; `in ('a','b')`. No OR (QBO has none).
 */

export const DEFAULT_MAX_RESULTS = 100;
export const MAX_RESULTS_LIMIT = 1000;

type Value = string | number | boolean;

interface Condition {
  path: string[];
  op: string;
  values: Value[];
}

export interface ParsedQuery {
  entity: string;
  count: boolean;
  fields?: string[];
  where: Condition[];
  orderBy: Array<{ path: string[]; desc: boolean }>;
  startPosition: number;
  maxResults: number;
}

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|'((?:\\'|[^'])*)'|(<=|>=|!=|<>|=|<|>|\(|\)|,|\*)|([A-Za-z_][A-Za-z0-9_.]*))/y;

type Token = { kind: 'number' | 'string' | 'symbol' | 'word'; text: string };

const tokenize = (query: string): Token[] => {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let rest = query.trim();
  while (rest.length > 0) {
    TOKEN.lastIndex = 0;
    const match = TOKEN.exec(rest);
    if (!match) throw faults.queryParse(`Encountered " ${rest.slice(0, 20)} " at line 1.`);
    if (match[1] !== undefined) tokens.push({ kind: 'number', text: match[1] });
    else if (match[2] !== undefined) tokens.push({ kind: 'string', text: match[2].replace(/\\'/g, "'") });
    else if (match[3] !== undefined) tokens.push({ kind: 'symbol', text: match[3] });
    else tokens.push({ kind: 'word', text: match[4] });
    rest = rest.slice(match[0].length).trimStart();
  }
  return tokens;
};

export const parseQuery = (query: string): ParsedQuery => {
  const tokens = tokenize(query);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => {
    const token = tokens[pos++];
    if (!token) throw faults.queryParse('Encountered "<EOF>" at line 1.');
    return token;
  };
  const isWord = (word: string) => peek()?.kind === 'word' && peek()?.text.toLowerCase() === word;
  const expectWord = (word: string) => {
    const token = next();
    if (token.kind !== 'word' || token.text.toLowerCase() !== word)
      throw faults.queryParse(`Encountered " ${token.text} " at line 1. Was expecting "${word}".`);
  };
  const value = (): Value => {
    const token = next();
    if (token.kind === 'string') return token.text;
    if (token.kind === 'number') return Number(token.text);
    if (token.kind === 'word' && ['true', 'false'].includes(token.text.toLowerCase()))
      return token.text.toLowerCase() === 'true';
    throw faults.queryParse(`Encountered " ${token.text} " at line 1.`);
  };

  expectWord('select');
  let count = false;
  let fields: string[] | undefined;
  if (peek()?.text === '*') next();
  else if (isWord('count')) {
    next();
    if (next().text !== '(' || next().text !== '*' || next().text !== ')') throw faults.queryParse('count takes (*)');
    count = true;
  } else {
    fields = [];
    do {
      const field = next();
      if (field.kind !== 'word') throw faults.queryParse(`Encountered " ${field.text} " at line 1.`);
      fields.push(field.text);
    } while (peek()?.text === ',' && next());
  }
  expectWord('from');
  const entityToken = next();
  if (entityToken.kind !== 'word') throw faults.queryParse(`Encountered " ${entityToken.text} " at line 1.`);

  const where: Condition[] = [];
  if (isWord('where')) {
    next();
    do {
      const field = next();
      if (field.kind !== 'word') throw faults.queryParse(`Encountered " ${field.text} " at line 1.`);
      const opToken = next();
      const op = opToken.text.toLowerCase();
      if (op === 'in') {
        if (next().text !== '(') throw faults.queryParse('Was expecting "(" after IN.');
        const values: Value[] = [value()];
        while (peek()?.text === ',') {
          next();
          values.push(value());
        }
        if (next().text !== ')') throw faults.queryParse('Was expecting ")".');
        where.push({ path: field.text.split('.'), op, values });
      } else if (['=', '<', '>', '<=', '>=', '!=', '<>', 'like'].includes(op)) {
        where.push({ path: field.text.split('.'), op: op === '<>' ? '!=' : op, values: [value()] });
      } else {
        throw faults.queryParse(`Encountered " ${opToken.text} " at line 1.`);
      }
    } while (isWord('and') && next());
    if (isWord('or')) throw faults.queryParse('Encountered " OR " at line 1. OR is not supported.');
  }

  const orderBy: ParsedQuery['orderBy'] = [];
  if (isWord('orderby') || isWord('order')) {
    if (next().text.toLowerCase() === 'order') expectWord('by');
    do {
      const field = next();
      let desc = false;
      if (isWord('desc') || isWord('asc')) desc = next().text.toLowerCase() === 'desc';
      orderBy.push({ path: field.text.split('.'), desc });
    } while (peek()?.text === ',' && next());
  }
  let startPosition = 1;
  let maxResults = DEFAULT_MAX_RESULTS;
  while (pos < tokens.length) {
    const word = next().text.toLowerCase();
    const n = value();
    if (typeof n !== 'number') throw faults.queryParse(`${word} takes a number`);
    if (word === 'startposition') startPosition = Math.max(1, n);
    else if (word === 'maxresults') maxResults = Math.min(MAX_RESULTS_LIMIT, Math.max(1, n));
    else throw faults.queryParse(`Encountered " ${word} " at line 1.`);
  }
  return { entity: entityToken.text, count, fields, where, orderBy, startPosition, maxResults };
};

const resolvePath = (entity: QboEntity, path: string[]): unknown => {
  let value: unknown = entity;
  for (const name of path) {
    if (!value || typeof value !== 'object') return undefined;
    const entries = Object.entries(value as Record<string, unknown>);
    value = entries.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
  }
  if (value && typeof value === 'object' && 'value' in (value as Record<string, unknown>)) {
    return (value as Record<string, unknown>).value;
  }
  return value;
};

const comparable = (value: unknown): string | number | boolean | undefined => {
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (value === undefined || value === null) return undefined;
  return String(value).toLowerCase();
};

type Comparable = string | number | boolean;

const asNumber = (v: Comparable): Comparable => (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v);

const matches = (entity: QboEntity, condition: Condition): boolean => {
  const actual = comparable(resolvePath(entity, condition.path));
  if (actual === undefined) return false;
  const wanted = condition.values.map((v) => comparable(v) as Comparable);
  const first = wanted[0];
  // Numbers compare as numbers whichever side was written as a string ('100' = 100).
  const a = typeof first === 'number' ? asNumber(actual) : actual;
  const b = typeof actual === 'number' ? asNumber(first) : first;
  switch (condition.op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case 'in':
      return wanted.some((w) => w === actual || asNumber(w) === actual);
    case 'like': {
      const pattern = String(first)
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/%/g, '.*');
      return new RegExp(`^${pattern}$`, 'i').test(String(actual));
    }
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    default:
      return a >= b;
  }
};

/** Runs a query: {QueryResponse:{<Entity>:[…], startPosition, maxResults}} — an empty QueryResponse when nothing matches. */
export const runQuery = (query: string, state: QuickBooksSandboxState, model: XsdModel): Record<string, unknown> => {
  const parsed = parseQuery(query);
  const kind = kindByName(parsed.entity);
  if (!kind) throw faults.queryParse(`Invalid entity "${parsed.entity}" in the FROM clause.`);
  const known = elementsOf(model, kind.name);
  const knownLower = new Set([...known.keys(), 'Id', 'SyncToken', 'MetaData'].map((k) => k.toLowerCase()));
  for (const condition of parsed.where) {
    if (!knownLower.has(condition.path[0].toLowerCase())) {
      throw faults.queryInvalid(`property '${condition.path[0]}' is not queryable`);
    }
  }
  let rows = kind.list(state).filter((e) => parsed.where.every((c) => matches(e, c)));
  if (parsed.count) return { totalCount: rows.length };
  for (const order of [...parsed.orderBy].reverse()) {
    rows = [...rows].sort((x, y) => {
      const a = comparable(resolvePath(x, order.path));
      const b = comparable(resolvePath(y, order.path));
      if (a === b) return 0;
      if (a === undefined) return 1;
      if (b === undefined) return -1;
      return (a < b ? -1 : 1) * (order.desc ? -1 : 1);
    });
  }
  const page = rows.slice(parsed.startPosition - 1, parsed.startPosition - 1 + parsed.maxResults);
  if (page.length === 0) return {};
  const projected = parsed.fields
    ? page.map((e) => {
        const out: Record<string, unknown> = { Id: e.Id, SyncToken: e.SyncToken, domain: 'QBO', sparse: true };
        for (const field of parsed.fields ?? []) {
          const key = Object.keys(e).find((k) => k.toLowerCase() === field.toLowerCase());
          if (key) out[key] = e[key];
        }
        return out;
      })
    : page;
  return { [kind.name]: projected, startPosition: parsed.startPosition, maxResults: page.length };
};
