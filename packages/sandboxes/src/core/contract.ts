import type { z } from 'zod';

/**
 * One provider operation the plugin uses, described from the provider's published reference (in our words, in
 * `docs/providers/<provider>.md`). The sandbox refuses what the description refuses, and the contract test validates
 * every request the test suite recorded against it. Xero is described by its official OpenAPI file and QuickBooks by
 * its XSDs; Ecwid and Mailchimp (which publish no machine-readable schema we ship) are described here.
 */
export interface ContractOperation {
  /** stable id, e.g. `mailchimp.lists.batch-members` */
  id: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** path template as the reference writes it, e.g. `/3.0/lists/{list_id}/members/{subscriber_hash}` */
  path: string;
  /** the scope the access token needs for this operation, when the provider has scopes */
  scope?: string;
  /** where in the repository the operation is described, e.g. `docs/providers/mailchimp.md#batch-subscribe` */
  reference: string;
  /** query parameters (strict: a parameter the reference does not list is refused) */
  query?: z.ZodType;
  /** request body (strict where the reference lists the fields) */
  body?: z.ZodType;
}

/** Turns a path template into a matcher: `{name}` matches one path segment. */
export const pathMatcher = (template: string): RegExp =>
  new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);

/** The operation a request is for, by method and path (query string excluded). */
export const findOperation = (
  operations: readonly ContractOperation[],
  method: string,
  path: string
): ContractOperation | undefined =>
  operations.find((op) => op.method === method.toUpperCase() && pathMatcher(op.path).test(path));
