import type { ValidateFunction } from 'ajv';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { load } from 'js-yaml';
import type { z } from 'zod';
import { ecwidOperations } from '../ecwid/contract';
import { mailchimpOperations } from '../mailchimp/contract';
import { validateAgainstXsd } from '../quickbooks/entity-validation';
import { QboFault } from '../quickbooks/errors';
import { parseQuery } from '../quickbooks/query';
import { elementsOf, loadXsdModel, type XsdModel } from '../quickbooks/xsd-model';
import { XERO_ACCOUNTING_SCHEMA_ID, type XeroOpenApi, xeroAccountingAjv, xeroAccountingSpec } from '../xero/schema';
import { type ContractOperation, findOperation, pathMatcher } from './contract';
import { type IdentityOperation, identityOperations } from './identity-contract';
import type { ProviderId } from './providers';
import type { RecordedRequest } from './recorder';
import { readSpec } from './specs';

/**
 * Checks a recorded request against the provider's published contract: Xero against its official OpenAPI files,
 * QuickBooks against Intuit's XSDs (the sandbox's XSD model), Ecwid and Mailchimp against the operations described in
 * the repository, and every provider's OAuth/identity endpoints against identityOperations. Used by tests/contract.
 */
export interface Verdict {
  provider: ProviderId;
  /** operation id, or `(undescribed) METHOD path` when nothing in the contract describes the request */
  operation: string;
  described: boolean;
  reference: string;
  /** the scope the operation needs, when the provider has scopes */
  scope: string;
  problems: string[];
}

type Check = Omit<Verdict, 'provider'>;

/** The path with its ids (numbers, hex ids, UUIDs, order numbers) as `{id}`, so the report groups requests. */
const pathShape = (path: string): string =>
  path
    .split('/')
    .map((segment) => (/^(\d+|[0-9a-f]{8,}|[0-9a-fA-F-]{36}|[A-Z]+\d{3,})$/.test(segment) ? '{id}' : segment))
    .join('/');

const undescribed = (request: RecordedRequest, why: string): Check => ({
  operation: `(undescribed) ${request.method} ${pathShape(request.path)}`,
  described: false,
  reference: '',
  scope: '',
  problems: [why],
});

const hasBody = (request: RecordedRequest) => request.body !== undefined;

const zodProblems = (schema: z.ZodType, value: unknown, where: string): string[] => {
  const result = schema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map(
    (issue) => `${where}${issue.path.length ? `.${issue.path.join('.')}` : ''}: ${issue.message}`
  );
};

/** Authorization scheme of the request (`none` without the header). */
const authScheme = (request: RecordedRequest): string => request.headers.authorization?.split(' ')[0] ?? 'none';

/** A described operation with query and body schemas (Ecwid, Mailchimp, identity endpoints). */
const checkDescribed = (request: RecordedRequest, op: ContractOperation, auth?: readonly string[]): Check => {
  const problems: string[] = [];
  if (op.query) problems.push(...zodProblems(op.query, request.query, 'query'));
  else if (Object.keys(request.query).length > 0)
    problems.push(`query: the operation lists no query parameters, got ${Object.keys(request.query).join(', ')}`);
  if (op.body) {
    if (!hasBody(request)) problems.push('body: required by the operation, none sent');
    else problems.push(...zodProblems(op.body, request.body, 'body'));
  } else if (hasBody(request) && request.method !== 'GET' && request.method !== 'DELETE') {
    problems.push('body: the operation describes no body, one was sent');
  } else if (hasBody(request)) {
    problems.push(`body: a ${request.method} carries no body`);
  }
  if (request.bodyUnparseable) problems.push('body: not parseable as its Content-Type says');
  if (auth && !auth.some((scheme) => scheme.toLowerCase() === authScheme(request).toLowerCase()))
    problems.push(`Authorization: ${authScheme(request)} where the operation takes ${auth.join(' or ')}`);
  return { operation: op.id, described: true, reference: op.reference, scope: op.scope ?? '', problems };
};

const identity = (provider: ProviderId, request: RecordedRequest): Check | undefined => {
  const op = findOperation(identityOperations[provider], request.method, request.path) as IdentityOperation | undefined;
  return op ? checkDescribed(request, op, op.auth) : undefined;
};

// ---------------------------------------------------------------- Xero: the official OpenAPI files

interface OpenApiParameter {
  in: 'query' | 'header' | 'path' | 'cookie';
  name: string;
  required?: boolean;
  schema?: Record<string, unknown>;
}

interface OpenApiOperation {
  id: string;
  method: string;
  template: string;
  matcher: RegExp;
  parameters: OpenApiParameter[];
  body?: { required: boolean; validate: ValidateFunction };
  scopes: string[];
  reference: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** `#/components/...` refs of the spec, as refs into the schema registered under XERO_ACCOUNTING_SCHEMA_ID. */
const rebaseRefs = (schema: unknown): unknown => {
  if (Array.isArray(schema)) return schema.map(rebaseRefs);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#/')
        ? `${XERO_ACCOUNTING_SCHEMA_ID}${value}`
        : rebaseRefs(value);
  }
  return out;
};

const resolveRef = <T>(spec: XeroOpenApi, value: unknown): T => {
  const ref = (value as { $ref?: string })?.$ref;
  if (!ref) return value as T;
  let node: unknown = spec;
  for (const part of ref.replace(/^#\//, '').split('/')) node = (node as Record<string, unknown>)[part];
  return node as T;
};

let xeroOperations: OpenApiOperation[] | undefined;

const loadXeroOperations = (): OpenApiOperation[] => {
  if (xeroOperations) return xeroOperations;
  const ops: OpenApiOperation[] = [];
  const ajv = xeroAccountingAjv();
  const collect = (spec: XeroOpenApi, prefix: string, file: string, compileBodies: boolean) => {
    for (const [template, item] of Object.entries(spec.paths)) {
      const shared = ((item.parameters as unknown[]) ?? []).map((p) => resolveRef<OpenApiParameter>(spec, p));
      for (const method of METHODS) {
        const operation = item[method] as
          | {
              operationId: string;
              parameters?: unknown[];
              requestBody?: unknown;
              security?: Array<Record<string, string[]>>;
            }
          | undefined;
        if (!operation) continue;
        const own = (operation.parameters ?? []).map((p) => resolveRef<OpenApiParameter>(spec, p));
        const byKey = new Map<string, OpenApiParameter>();
        for (const p of [...shared, ...own]) byKey.set(`${p.in}:${p.name.toLowerCase()}`, p);
        let body: OpenApiOperation['body'];
        if (operation.requestBody) {
          const requestBody = resolveRef<{ required?: boolean; content?: Record<string, { schema?: unknown }> }>(
            spec,
            operation.requestBody
          );
          const schema = requestBody.content?.['application/json']?.schema;
          if (schema && compileBodies)
            body = { required: requestBody.required === true, validate: ajv.compile(rebaseRefs(schema) as object) };
        }
        const full = `${prefix}${template}`;
        ops.push({
          id: `xero.${operation.operationId}`,
          method: method.toUpperCase(),
          template: full,
          matcher: new RegExp(pathMatcher(full).source, 'i'),
          parameters: [...byKey.values()],
          body,
          scopes: (operation.security ?? []).flatMap((s) => s.OAuth2 ?? []),
          reference: `packages/sandboxes/specs/${file} (${method.toUpperCase()} ${template})`,
        });
      }
    }
  };
  collect(xeroAccountingSpec(), '/api.xro/2.0', 'xero/xero_accounting.yaml', true);
  collect(load(readSpec('xero/xero-identity.yaml')) as XeroOpenApi, '', 'xero/xero-identity.yaml', false);
  // Literal segments win over parameters (`/Invoices/{InvoiceID}` vs a fixed sub-resource).
  ops.sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));
  xeroOperations = ops;
  return ops;
};

const paramAjv = new Ajv({ strict: false, coerceTypes: 'array', allErrors: true });
addFormats(paramAjv);
const paramValidators = new Map<string, ValidateFunction>();

const checkParameterValue = (param: OpenApiParameter, raw: string | string[]): string | undefined => {
  if (!param.schema) return undefined;
  const key = JSON.stringify(param.schema);
  let validate = paramValidators.get(key);
  if (!validate) {
    // wrapped in an object so that coercion ("2" → 2, "true" → true) applies to the value
    validate = paramAjv.compile({ type: 'object', properties: { value: param.schema } });
    paramValidators.set(key, validate);
  }
  const values = Array.isArray(raw) ? raw : [raw];
  // form style, explode false: an array is one comma-separated value
  const value = param.schema.type === 'array' ? values.flatMap((v) => v.split(',')) : values[0];
  if (validate({ value })) return undefined;
  return `${param.in} ${param.name}: ${paramAjv.errorsText(validate.errors, { dataVar: param.name })}`;
};

const checkXero = (request: RecordedRequest): Check => {
  const own = identity('xero', request);
  if (own) return own;
  const op = loadXeroOperations().find((o) => o.method === request.method && o.matcher.test(request.path));
  if (!op) return undescribed(request, 'no operation of the Xero OpenAPI files matches');
  const problems: string[] = [];
  const declared = (where: OpenApiParameter['in']) => op.parameters.filter((p) => p.in === where);
  for (const [name, value] of Object.entries(request.query)) {
    const param = declared('query').find((p) => p.name.toLowerCase() === name.toLowerCase());
    if (!param) problems.push(`query ${name}: not a parameter of ${op.id}`);
    else {
      const problem = checkParameterValue(param, value);
      if (problem) problems.push(problem);
    }
  }
  for (const param of op.parameters.filter((p) => p.required && p.in !== 'path')) {
    const present =
      param.in === 'query'
        ? Object.keys(request.query).some((k) => k.toLowerCase() === param.name.toLowerCase())
        : request.headers[param.name.toLowerCase()] !== undefined;
    if (!present) problems.push(`${param.in} ${param.name}: required`);
  }
  for (const param of declared('header')) {
    const value = request.headers[param.name.toLowerCase()];
    if (value === undefined) continue;
    const problem = checkParameterValue(param, value);
    if (problem) problems.push(problem);
  }
  if (op.body) {
    if (!hasBody(request)) {
      if (op.body.required) problems.push('body: required');
    } else if (!op.body.validate(structuredClone(request.body))) {
      for (const e of op.body.validate.errors ?? []) problems.push(`body${e.instancePath}: ${e.message ?? e.keyword}`);
    }
  } else if (hasBody(request)) problems.push('body: the operation takes none');
  if (request.bodyUnparseable) problems.push('body: not parseable as JSON');
  if (authScheme(request) !== 'Bearer') problems.push(`Authorization: ${authScheme(request)} where Bearer is required`);
  return {
    operation: op.id,
    described: true,
    reference: op.reference,
    scope: op.scopes.join(' | '),
    problems,
  };
};

// ---------------------------------------------------------------- QuickBooks: Intuit's XSDs

const QBO_SCOPE = 'com.intuit.quickbooks.accounting';
const QBO_REFERENCE = 'packages/sandboxes/specs/quickbooks/xsd (Finance.xsd, IntuitRestServiceDef.xsd)';
const QBO_PATH = /^\/v3\/company\/([^/]+)\/(.+)$/;
const OPERATIONS = ['create', 'update', 'delete'];

let xsd: XsdModel | undefined;
const xsdModel = (): XsdModel => {
  xsd ??= loadXsdModel();
  return xsd;
};

/** The XSD entity a URL segment names (`journalentry` → JournalEntry), when the XSDs define one. */
const xsdEntity = (segment: string): string | undefined => {
  const model = xsdModel();
  const name = [...model.rootElements.keys()].find((n) => n.toLowerCase() === segment.toLowerCase());
  return name && elementsOf(model, model.rootElements.get(name) ?? name).size > 0 ? name : undefined;
};

const allowOnly = (request: RecordedRequest, allowed: string[], problems: string[]) => {
  for (const name of Object.keys(request.query))
    if (!allowed.includes(name)) problems.push(`query ${name}: not a parameter of this operation`);
  const minor = request.query.minorversion;
  if (minor !== undefined && !/^\d+$/.test(String(minor))) problems.push('query minorversion: a whole number');
};

const entityProblems = (entity: string, body: unknown, where: string): string[] =>
  validateAgainstXsd(xsdModel(), entity, body).map((v) => `${where}${v.path ? `.${v.path}` : ''}: ${v.detail}`);

const queryProblems = (text: string): string[] => {
  try {
    parseQuery(text);
    return [];
  } catch (error) {
    const detail = error instanceof QboFault ? error.errors.map((e) => e.Detail ?? e.Message).join('; ') : '';
    return [`query: ${(error as Error).message}${detail ? ` (${detail})` : ''}`];
  }
};

const checkQuickBooks = (request: RecordedRequest): Check => {
  const own = identity('quickbooks', request);
  if (own) return own;
  const match = QBO_PATH.exec(request.path);
  if (!match) return undescribed(request, 'not an Accounting API path (/v3/company/{realmId}/…)');
  const [, , rest] = match;
  const segments = rest.split('/');
  const problems: string[] = [];
  let operation: string;
  if (segments[0] === 'query' && segments.length === 1) {
    operation = `quickbooks.query (${request.method})`;
    allowOnly(request, ['query', 'minorversion'], problems);
    const text = request.method === 'GET' ? request.query.query : request.body;
    if (typeof text !== 'string' || !text) problems.push('query: the query text is required');
    else problems.push(...queryProblems(text));
  } else if (segments[0] === 'batch' && segments.length === 1 && request.method === 'POST') {
    operation = 'quickbooks.batch';
    allowOnly(request, ['minorversion', 'requestid'], problems);
    const items = (request.body as { BatchItemRequest?: unknown })?.BatchItemRequest;
    if (!Array.isArray(items) || items.length === 0) problems.push('body.BatchItemRequest: required');
    else
      for (const [index, item] of (items as Array<Record<string, unknown>>).entries()) {
        const where = `body.BatchItemRequest[${index}]`;
        if (typeof item.bId !== 'string' || !item.bId) problems.push(`${where}.bId: required`);
        if (item.operation !== undefined && !OPERATIONS.includes(String(item.operation)))
          problems.push(`${where}.operation: one of ${OPERATIONS.join(', ')}`);
        if (typeof item.Query === 'string') {
          problems.push(...queryProblems(item.Query));
          continue;
        }
        const entities = Object.keys(item).filter((k) => !['bId', 'operation', 'optionsData'].includes(k));
        const entity = entities.length === 1 ? xsdEntity(entities[0]) : undefined;
        if (!entity || entity !== entities[0]) {
          problems.push(`${where}: exactly one XSD entity or Query (got ${entities.join(', ') || 'none'})`);
          continue;
        }
        problems.push(...entityProblems(entity, item[entity], `${where}.${entity}`));
      }
  } else if (request.method === 'GET' && segments.length === 1 && segments[0] === 'exchangerate') {
    // the day's rate of one currency against the home currency (ExchangeRate entity; asofdate defaults to today)
    operation = 'quickbooks.read ExchangeRate';
    allowOnly(request, ['sourcecurrencycode', 'asofdate', 'minorversion'], problems);
    if (!/^[A-Z]{3}$/.test(String(request.query.sourcecurrencycode ?? '')))
      problems.push('query sourcecurrencycode: a three-letter ISO 4217 code, required');
    const asOf = request.query.asofdate;
    if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(asOf))) problems.push('query asofdate: yyyy-mm-dd');
  } else if (request.method === 'GET' && segments.length <= 2 && xsdEntity(segments[0])) {
    operation = `quickbooks.read ${xsdEntity(segments[0])}`;
    allowOnly(request, ['minorversion'], problems);
  } else if (request.method === 'POST' && segments.length === 1 && xsdEntity(segments[0])) {
    const entity = xsdEntity(segments[0]) as string;
    const op = typeof request.query.operation === 'string' ? request.query.operation : 'create';
    operation = `quickbooks.${op === 'delete' ? 'delete' : 'save'} ${entity}`;
    allowOnly(request, ['minorversion', 'requestid', 'operation'], problems);
    if (!OPERATIONS.includes(op)) problems.push(`query operation: one of ${OPERATIONS.join(', ')}`);
    if (!hasBody(request)) problems.push('body: required');
    else if (op !== 'delete') problems.push(...entityProblems(entity, request.body, 'body'));
  } else {
    return undescribed(request, `no Accounting API operation ${request.method} …/${rest}`);
  }
  if (request.bodyUnparseable) problems.push('body: not parseable as its Content-Type says');
  if (!(request.headers.accept ?? '').includes('application/json'))
    problems.push('Accept: application/json is needed (QuickBooks answers XML otherwise)');
  if (authScheme(request) !== 'Bearer') problems.push(`Authorization: ${authScheme(request)} where Bearer is required`);
  return { operation, described: true, reference: QBO_REFERENCE, scope: QBO_SCOPE, problems };
};

// ---------------------------------------------------------------- Ecwid and Mailchimp: operations described here

const checkListed =
  (provider: 'ecwid' | 'mailchimp', operations: () => readonly ContractOperation[], auth: string[]) =>
  (request: RecordedRequest): Check => {
    const own = identity(provider, request);
    if (own) return own;
    const op = findOperation(operations(), request.method, request.path);
    if (!op) return undescribed(request, `no ${provider}Operations entry`);
    // an operation may name its own schemes (Mailchimp's pre-signed batch results download takes none)
    return checkDescribed(request, op, (op as Partial<IdentityOperation>).auth ?? auth);
  };

const CHECKS: Record<ProviderId, (request: RecordedRequest) => Check> = {
  xero: checkXero,
  quickbooks: checkQuickBooks,
  // Ecwid API calls carry the access token as a Bearer header; Mailchimp takes the OAuth token as Bearer or an API key
  // with HTTP Basic.
  ecwid: checkListed('ecwid', () => ecwidOperations, ['Bearer']),
  mailchimp: checkListed('mailchimp', () => mailchimpOperations, ['Bearer', 'Basic']),
};

export const checkRecordedRequest = (request: RecordedRequest): Verdict => ({
  provider: request.provider,
  ...CHECKS[request.provider](request),
});

/** Whether a verdict passes: described by the contract and without a problem. */
export const isConforming = (verdict: Verdict): boolean => verdict.described && verdict.problems.length === 0;

/**
 * What fails the contract test for one provider: `operation: problem`, with how often it was seen. An undescribed
 * request always fails (its verdict carries why nothing describes it).
 */
export const contractFailures = (verdicts: readonly Verdict[], provider: ProviderId): string[] => {
  const counts = new Map<string, number>();
  for (const v of verdicts.filter((x) => x.provider === provider && !isConforming(x))) {
    for (const problem of v.problems.length ? v.problems : ['not described']) {
      const key = `${v.operation}: ${problem}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return [...counts.entries()].map(([key, n]) => (n > 1 ? `${key} (×${n})` : key));
};

/** The requests a test sent against the contract on purpose (negative controls) that the checker let through. */
export const missedControls = (controls: readonly RecordedRequest[]): string[] =>
  controls.filter((r) => isConforming(checkRecordedRequest(r))).map((r) => `${r.method} ${r.path}`);
