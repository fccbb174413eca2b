import fs from 'node:fs';
import path from 'node:path';
import { PLUGIN_USER_AGENT_PREFIX } from '@retailcloud/sandboxes';
import { USER_AGENT } from '../src/plugins/retailcloud-integrations/server/src/constants';

/**
 * The sandboxes (packages/sandboxes) are for development and tests only: the plugin's production build
 * (dist/server, made by npm run build:plugin, which the test run does first) holds none of their code, and the
 * plugin's runtime dependencies none of the packages only they use.
 */
const root = path.resolve(__dirname, '..');
const pluginDir = path.join(root, 'src/plugins/retailcloud-integrations');
const sandboxesDir = path.join(root, 'packages/sandboxes');

const filesUnder = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));

const sourceFiles = (dir: string) => filesUnder(dir).filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f));

const readJson = (file: string) =>
  JSON.parse(fs.readFileSync(file, 'utf8')) as {
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };

/** The packages a file loads at runtime (`import type` is erased), by package name. */
const runtimeImports = (text: string): string[] =>
  [
    ...text.matchAll(/^\s*import\s+(?!type\s)[^;]*?from\s+'([^']+)'/gm),
    ...text.matchAll(/^\s*import\s+'([^']+)'/gm),
    ...text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g),
    ...text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
    ...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s*"([^"]+)"/gm),
  ]
    .map((m) => m[1])
    .filter((spec) => !spec.startsWith('.') && !spec.startsWith('node:'))
    .map((spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]));

const pluginSources = [
  ...sourceFiles(path.join(pluginDir, 'server/src')),
  ...sourceFiles(path.join(pluginDir, 'admin/src')),
  ...sourceFiles(path.join(pluginDir, 'contracts')),
];
const pluginSourceText = pluginSources.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
const pluginImports = new Set(runtimeImports(pluginSourceText));

const sandboxDeps = Object.keys(readJson(path.join(sandboxesDir, 'package.json')).dependencies ?? {});
const domainDeps = new Set(Object.keys(readJson(path.join(root, 'packages/domain/package.json')).dependencies ?? {}));
/** What only the sandboxes load: their dependencies neither the plugin's own code nor the domain package uses. */
const sandboxOnly = sandboxDeps.filter(
  (dep) => !pluginImports.has(dep) && !domainDeps.has(dep) && !dep.startsWith('@retailcloud/')
);

const distDir = path.join(pluginDir, 'dist/server');
const distFiles = fs.existsSync(distDir) ? filesUnder(distDir) : [];
const distCode = distFiles.filter((f) => /\.(c|m)?js$/.test(f));

/**
 * Names the sandboxes' code declares at its top level that the plugin's code never uses: any of them in the build
 * means sandbox code was bundled into it.
 */
const sandboxIdentifiers = (() => {
  const declared = new Set<string>();
  for (const file of sourceFiles(path.join(sandboxesDir, 'src'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(
      /^(?:export\s+)?(?:const|let|class|function|async function)\s+([A-Za-z_$][\w$]*)/gm
    )) {
      declared.add(m[1]);
    }
  }
  const word = (name: string) => new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`);
  return [...declared].filter((name) => name.length >= 6 && !word(name).test(pluginSourceText));
})();

describe('the sandboxes are apart from the plugin', () => {
  test('the production build exists (npm run build:plugin)', () => {
    expect(distCode.length).toBeGreaterThan(0);
  });

  test('the plugin code never imports the sandboxes', () => {
    const importers = pluginSources.filter((f) =>
      /@retailcloud\/sandboxes|\/sandbox(es)?\//.test(
        fs.readFileSync(f, 'utf8').replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '')
      )
    );
    expect(importers.map((f) => path.relative(root, f))).toEqual([]);
  });

  test('the production build holds no module, package or identifier of the sandboxes', () => {
    // the check has teeth: the sandboxes' framework and each provider's factory are among the names looked for
    expect(sandboxIdentifiers).toEqual(
      expect.arrayContaining([
        'startProviderSandbox',
        'OAuthServer',
        'FaultInjector',
        'contractRecorder',
        'createEcwidSandbox',
        'createMailchimpSandbox',
        'createXeroSandbox',
        'createQuickBooksSandbox',
        'renderConsentPage',
      ])
    );
    expect(sandboxIdentifiers.length).toBeGreaterThan(100);
    const found: string[] = [];
    for (const file of distFiles) {
      const rel = path.relative(root, file);
      const text = fs.readFileSync(file, 'utf8');
      if (file.endsWith('.d.ts')) {
        // declarations (types only): no import of the sandboxes; comments may name them
        const imports = [...text.matchAll(/from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']/g)];
        if (imports.some((m) => /@retailcloud\/sandboxes|packages\/sandboxes/.test(m[1] ?? m[2]))) {
          found.push(`${rel}: imports the sandboxes`);
        }
        continue;
      }
      // the bundle keeps the plugin's comments, which may name the package: only its code counts
      const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');
      if (code.includes('packages/sandboxes') || code.includes('@retailcloud/sandboxes')) {
        found.push(`${rel}: sandboxes module`);
      }
      if (text.includes('/__sandbox')) found.push(`${rel}: the sandboxes' control API`);
      for (const pkg of runtimeImports(text)) if (sandboxOnly.includes(pkg)) found.push(`${rel}: loads ${pkg}`);
      for (const name of sandboxIdentifiers) {
        if (new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(text)) found.push(`${rel}: ${name}`);
      }
    }
    expect(found).toEqual([]);
  });

  test("the plugin's runtime dependencies include none of the sandboxes' own packages, and cover what the build loads", () => {
    expect(sandboxOnly).toEqual(
      expect.arrayContaining(['koa', '@koa/router', 'koa-body', 'ajv', 'ajv-formats', 'js-yaml', 'fast-xml-parser'])
    );
    const plugin = readJson(path.join(pluginDir, 'package.json'));
    const runtime = Object.keys({ ...plugin.dependencies, ...plugin.peerDependencies });
    expect(runtime.filter((dep) => sandboxOnly.includes(dep))).toEqual([]);
    expect(runtime).not.toContain('@retailcloud/sandboxes');
    const loaded = new Set(distCode.flatMap((f) => runtimeImports(fs.readFileSync(f, 'utf8'))));
    expect([...loaded].filter((pkg) => !runtime.includes(pkg))).toEqual([]);
    // and the app's own runtime dependencies neither
    const app = readJson(path.join(root, 'package.json'));
    expect(Object.keys(app.dependencies ?? {}).filter((dep) => sandboxOnly.includes(dep))).toEqual([]);
  });

  test("the sandboxes recognise the plugin's requests by its User-Agent (the contract recorder keeps only those)", () => {
    expect(USER_AGENT.startsWith(PLUGIN_USER_AGENT_PREFIX)).toBe(true);
  });
});
