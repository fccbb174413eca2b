/**
 * Xero's `where` filters, the subset integrations use:
 *   Status=="ACTIVE" AND Type=="BANK"      Reference=="DAY-2024-01-31"     Contact.ContactID==Guid("…")
 *   Date>=DateTime(2024,01,01)             Name.Contains("Sale")           (A OR B) AND C      !=, <, <=, >, >=
 * Comparisons of strings are case-insensitive, like Xero's.
 */

export class WhereParseError extends Error {}

type Literal = string | number | boolean | null | { date: string } | { guid: string };

type Expr =
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'compare'; path: string[]; op: string; value: Literal }
  | { kind: 'method'; path: string[]; method: 'contains' | 'startswith' | 'endswith'; value: string };

type Token = { type: 'ident' | 'string' | 'number' | 'op' | 'punct'; text: string };

const tokenize = (input: string): Token[] => {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '"') {
      let text = '';
      i += 1;
      while (i < input.length && input[i] !== '"') {
        if (input[i] === '\\' && i + 1 < input.length) i += 1;
        text += input[i];
        i += 1;
      }
      if (input[i] !== '"') throw new WhereParseError('unterminated string');
      i += 1;
      tokens.push({ type: 'string', text });
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(input[i + 1] ?? ''))) {
      const match = /^-?\d+(\.\d+)?/.exec(input.slice(i));
      if (!match) throw new WhereParseError(`unexpected "${c}"`);
      tokens.push({ type: 'number', text: match[0] });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(input.slice(i));
      const text = match ? match[0] : c;
      tokens.push({ type: 'ident', text });
      i += text.length;
    } else {
      const op = ['==', '!=', '>=', '<=', '&&', '||'].find((o) => input.startsWith(o, i));
      if (op) {
        tokens.push({ type: 'op', text: op });
        i += 2;
      } else if ('<>='.includes(c)) {
        tokens.push({ type: 'op', text: c === '=' ? '==' : c });
        i += 1;
      } else if ('().,'.includes(c)) {
        tokens.push({ type: 'punct', text: c });
        i += 1;
      } else {
        throw new WhereParseError(`unexpected "${c}"`);
      }
    }
  }
  return tokens;
};

class Parser {
  private pos = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Expr {
    const expr = this.or();
    if (this.pos < this.tokens.length) throw new WhereParseError(`unexpected "${this.tokens[this.pos].text}"`);
    return expr;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private next(): Token {
    const token = this.tokens[this.pos];
    if (!token) throw new WhereParseError('unexpected end of filter');
    this.pos += 1;
    return token;
  }

  private expect(text: string): void {
    const token = this.next();
    if (token.text !== text) throw new WhereParseError(`expected "${text}" but found "${token.text}"`);
  }

  private isKeyword(word: string): boolean {
    const t = this.peek();
    return !!t && t.type === 'ident' && t.text.toUpperCase() === word;
  }

  private or(): Expr {
    let left = this.and();
    while (this.isKeyword('OR') || this.peek()?.text === '||') {
      this.next();
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Expr {
    let left = this.term();
    while (this.isKeyword('AND') || this.peek()?.text === '&&') {
      this.next();
      left = { kind: 'and', left, right: this.term() };
    }
    return left;
  }

  private term(): Expr {
    if (this.peek()?.text === '(') {
      this.next();
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    const path = [this.identifier()];
    while (this.peek()?.text === '.') {
      this.next();
      const name = this.identifier();
      const method = name.toLowerCase();
      if ((method === 'contains' || method === 'startswith' || method === 'endswith') && this.peek()?.text === '(') {
        this.next();
        const arg = this.next();
        if (arg.type !== 'string') throw new WhereParseError(`${name} needs a string`);
        this.expect(')');
        return { kind: 'method', path, method, value: arg.text };
      }
      path.push(name);
    }
    const op = this.next();
    if (op.type !== 'op' || op.text === '&&' || op.text === '||') {
      throw new WhereParseError(`expected a comparison after ${path.join('.')}`);
    }
    return { kind: 'compare', path, op: op.text, value: this.literal() };
  }

  private identifier(): string {
    const token = this.next();
    if (token.type !== 'ident') throw new WhereParseError(`expected a field name but found "${token.text}"`);
    return token.text;
  }

  private literal(): Literal {
    const token = this.next();
    if (token.type === 'string') return token.text;
    if (token.type === 'number') return Number(token.text);
    if (token.type !== 'ident') throw new WhereParseError(`unexpected "${token.text}"`);
    const word = token.text.toLowerCase();
    if (word === 'true' || word === 'false') return word === 'true';
    if (word === 'null') return null;
    if (word === 'guid') {
      this.expect('(');
      const value = this.next();
      this.expect(')');
      return { guid: value.text.toLowerCase() };
    }
    if (word === 'datetime') {
      this.expect('(');
      const parts: number[] = [];
      for (;;) {
        const part = this.next();
        if (part.type !== 'number') throw new WhereParseError('DateTime takes numbers');
        parts.push(Number(part.text));
        if (this.peek()?.text !== ',') break;
        this.next();
      }
      this.expect(')');
      const [y, m = 1, d = 1] = parts;
      const pad = (n: number) => String(n).padStart(2, '0');
      return { date: `${y}-${pad(m)}-${pad(d)}` };
    }
    throw new WhereParseError(`unknown value "${token.text}"`);
  }
}

export const parseWhere = (input: string): Expr => new Parser(tokenize(input)).parse();

const resolve = (record: unknown, path: string[]): unknown => {
  let value: unknown = record;
  for (const name of path) {
    if (!value || typeof value !== 'object') return undefined;
    const entries = Object.entries(value as Record<string, unknown>);
    value = entries.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
  }
  return value;
};

const normalise = (value: unknown): string | number | boolean | null => {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value).toLowerCase();
};

const literalValue = (literal: Literal): string | number | boolean | null => {
  if (literal !== null && typeof literal === 'object') return 'date' in literal ? literal.date : literal.guid;
  return typeof literal === 'string' ? literal.toLowerCase() : literal;
};

const compare = (left: unknown, op: string, literal: Literal): boolean => {
  const a = normalise(left);
  const b = literalValue(literal);
  if (op === '==') return a === b;
  if (op === '!=') return a !== b;
  if (a === null || b === null) return false;
  if (op === '>') return a > b;
  if (op === '>=') return a >= b;
  if (op === '<') return a < b;
  return a <= b;
};

export const matchesWhere = (expr: Expr, record: unknown): boolean => {
  switch (expr.kind) {
    case 'and':
      return matchesWhere(expr.left, record) && matchesWhere(expr.right, record);
    case 'or':
      return matchesWhere(expr.left, record) || matchesWhere(expr.right, record);
    case 'method': {
      const value = resolve(record, expr.path);
      if (typeof value !== 'string') return false;
      const text = value.toLowerCase();
      const needle = expr.value.toLowerCase();
      if (expr.method === 'contains') return text.includes(needle);
      return expr.method === 'startswith' ? text.startsWith(needle) : text.endsWith(needle);
    }
    default:
      return compare(resolve(record, expr.path), expr.op, expr.value);
  }
};
