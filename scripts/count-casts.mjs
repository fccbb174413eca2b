#!/usr/bin/env node
// Counts the type casts (`x as T`, `<T>x`; not `as const`; `x as unknown as T` counts once) in the plugin's server code
// (src/plugins/retailcloud-integrations/server/src, without tests, sandboxes and the test-only summary generators),
// and among them the casts on database rows: what a database call returns (`strapi.db.query(…)`,
// `strapi.db.connection` / knex, `strapi.documents(…)`, directly or through a local name bound to one of those, such
// as `const rows = () => strapi.db.query(UID)` or `const found = await rows().findOne(…)`), and the data handed to a
// database call (`create({ data: {…} as never })`). Issue 14 asks for these numbers before and after the generated
// Strapi types. Usage: node scripts/count-casts.mjs [--list] [repository root, default: this one]
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const args = process.argv.slice(2);
const list = args.includes('--list');
const root = path.resolve(
  args.find((a) => !a.startsWith('--')) ?? path.join(path.dirname(new URL(import.meta.url).pathname), '..')
);
const serverSrc = path.join(root, 'src/plugins/retailcloud-integrations/server/src');

const files = [];
const walk = (dir) => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'sandbox' && entry.name !== 'node_modules') walk(full);
    } else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      if (!full.endsWith(path.join('accounting', 'summary-generators.ts'))) files.push(full);
    }
  }
};
walk(serverSrc);
files.sort();

/** A database access at the root of an expression: strapi.db.query/connection/transaction, strapi.documents(…). */
const DB_ROOT = /(^|[.\s(])db\s*\.\s*(query|connection|transaction)\b|(^|[.\s])documents\s*\(/;

const WRITES = new Set([
  'create',
  'createMany',
  'update',
  'updateMany',
  'upsert',
  'insert',
  'merge',
  'delete',
  'deleteMany',
]);

const strip = (node) => {
  let n = node;
  for (;;) {
    if (ts.isParenthesizedExpression(n) || ts.isAwaitExpression(n) || ts.isNonNullExpression(n)) n = n.expression;
    else if (ts.isAsExpression(n) || ts.isTypeAssertionExpression(n) || ts.isSatisfiesExpression(n)) n = n.expression;
    else return n;
  }
};

/** Whether the expression is a chain (calls, property and element accesses) rooted in a database access or a db name. */
const dbChain = (node, names) => {
  let n = strip(node);
  for (;;) {
    if (DB_ROOT.test(n.getText())) {
      // the root must be the database access itself, not an argument that mentions one
      const callee = ts.isCallExpression(n) ? n.expression : n;
      if (DB_ROOT.test(callee.getText())) return true;
    }
    if (ts.isCallExpression(n)) n = strip(n.expression);
    else if (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) n = strip(n.expression);
    else if (ts.isIdentifier(n)) return names.has(n.text);
    else return false;
  }
};

const isConst = (node) =>
  ts.isAsExpression(node) && ts.isTypeReferenceNode(node.type) && node.type.typeName.getText() === 'const';

const totals = { all: 0, rows: 0, writes: 0 };
const perFile = [];
for (const file of files) {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  // names bound to a database access, to a fixpoint (const rows = () => strapi.db.query(X); const r = await rows()…)
  const names = new Set();
  const bindings = [];
  const collect = (node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      bindings.push([node.name.text, node.initializer]);
    } else if (ts.isFunctionDeclaration(node) && node.name && node.body) {
      const ret = node.body.statements.find(ts.isReturnStatement);
      if (ret?.expression) bindings.push([node.name.text, ret.expression]);
    }
    ts.forEachChild(node, collect);
  };
  collect(source);
  const bound = (init) => {
    const body = ts.isArrowFunction(init) && !ts.isBlock(init.body) ? init.body : init;
    return dbChain(body, names);
  };
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, init] of bindings) {
      if (!names.has(name) && bound(init)) {
        names.add(name);
        grew = true;
      }
    }
  }

  const found = { all: 0, rows: 0, writes: 0, lines: [] };
  const visit = (node) => {
    const cast = (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) && !isConst(node);
    // x as unknown as T: one cast, counted at the outer one
    const inner =
      cast &&
      (ts.isAsExpression(node.parent) || ts.isTypeAssertionExpression(node.parent)) &&
      node.parent.expression === node;
    if (cast && !inner) {
      found.all += 1;
      let kind = 'other';
      const operand = strip(node.expression);
      const unawaitedRaw =
        ts.isCallExpression(operand) &&
        ts.isPropertyAccessExpression(operand.expression) &&
        operand.expression.name.text === 'raw' &&
        !node.expression.getText().includes('await');
      if (unawaitedRaw)
        kind = 'other'; // knex.raw(…) as a column expression: a query builder, not a row
      else if (dbChain(node.expression, names)) kind = 'row';
      else {
        // data handed to a database call: the cast sits inside the arguments of a db-rooted call
        for (let p = node.parent; p && !ts.isSourceFile(p); p = p.parent) {
          if (ts.isCallExpression(p) && p.arguments.some((a) => a.pos <= node.pos && node.end <= a.end)) {
            const method = ts.isPropertyAccessExpression(p.expression) ? p.expression.name.text : '';
            if (WRITES.has(method) && dbChain(p.expression, names)) kind = 'write';
            break;
          }
        }
      }
      if (kind === 'row') found.rows += 1;
      if (kind === 'write') found.writes += 1;
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      found.lines.push(
        `${kind.padEnd(5)} ${path.relative(serverSrc, file)}:${line + 1}: ${node.getText().replace(/\s+/g, ' ').slice(0, 110)}`
      );
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  totals.all += found.all;
  totals.rows += found.rows;
  totals.writes += found.writes;
  if (found.all) perFile.push([path.relative(serverSrc, file), found]);
}

if (list) {
  for (const [, f] of perFile) for (const l of f.lines) console.log(l);
  console.log('');
}
for (const [name, f] of perFile.filter(([, f]) => f.rows + f.writes > 0)) {
  console.log(
    `${String(f.rows).padStart(3)} rows ${String(f.writes).padStart(3)} writes ${String(f.all).padStart(4)} all  ${name}`
  );
}
console.log(
  `\n${totals.all} casts in ${files.length} files of the plugin server; on database rows: ${totals.rows} on results + ${totals.writes} on data given = ${totals.rows + totals.writes}`
);
