import { z } from 'zod';
import type { ContractOperation } from './contract';
import type { ProviderId } from './providers';

/**
 * The OAuth and identity operations of each provider (authorize, token exchange and refresh, revocation, the account
 * lookups), described from the providers' references in our words in docs/contract.md. The contract test validates
 * every recorded request to these endpoints here; the business APIs are described elsewhere (Xero's OpenAPI file,
 * QuickBooks' XSDs, ecwidOperations, mailchimpOperations).
 */
export interface IdentityOperation extends ContractOperation {
  /** Authorization schemes the endpoint accepts (`none`: no Authorization header) */
  auth: Array<'Basic' | 'Bearer' | 'OAuth' | 'none'>;
}

const url = z.string().regex(/^https?:\/\/\S+$/, 'an absolute http(s) URL');
const nonEmpty = z.string().min(1);

/** A space-separated scope list whose every entry is one of `known`. */
const scopeList = (known: readonly string[]) =>
  z.string().superRefine((value, ctx) => {
    const unknown = value.split(' ').filter((scope) => !known.includes(scope));
    if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: `unknown scope(s): ${unknown.join(', ')}` });
  });

/** Xero: the OpenAPI file's scopes plus the granular scopes of apps created from March 2026. */
export const XERO_SCOPES = [
  'openid',
  'profile',
  'email',
  'offline_access',
  'accounting.transactions',
  'accounting.transactions.read',
  'accounting.settings',
  'accounting.settings.read',
  'accounting.contacts',
  'accounting.contacts.read',
  'accounting.invoices',
  'accounting.invoices.read',
  'accounting.manualjournals',
  'accounting.manualjournals.read',
  'accounting.payments',
  'accounting.payments.read',
  'accounting.banktransactions',
  'accounting.banktransactions.read',
] as const;

export const QUICKBOOKS_SCOPES = [
  'com.intuit.quickbooks.accounting',
  'com.intuit.quickbooks.payment',
  'openid',
  'profile',
  'email',
  'phone',
  'address',
] as const;

export const ECWID_SCOPES = [
  'read_store_profile',
  'update_store_profile',
  'read_catalog',
  'update_catalog',
  'create_catalog',
  'read_orders',
  'update_orders',
  'create_orders',
  'read_customers',
  'update_customers',
  'create_customers',
  'read_discount_coupons',
  'update_discount_coupons',
  'create_discount_coupons',
] as const;

/** Client credentials in the body (client_secret_post); redacted by the recorder, so only their presence is checked. */
const clientInBody = { client_id: nonEmpty, client_secret: nonEmpty };

const codeGrant = <T extends z.ZodRawShape>(extra: T) =>
  z.strictObject({ grant_type: z.literal('authorization_code'), code: nonEmpty, redirect_uri: url, ...extra });
const refreshGrant = <T extends z.ZodRawShape>(extra: T) =>
  z.strictObject({ grant_type: z.literal('refresh_token'), refresh_token: nonEmpty, ...extra });

const noQuery = z.strictObject({});

export const identityOperations: Record<ProviderId, IdentityOperation[]> = {
  xero: [
    {
      id: 'xero.identity.authorize',
      method: 'GET',
      path: '/identity/connect/authorize',
      reference: 'docs/contract.md#xero',
      auth: ['none'],
      query: z.strictObject({
        response_type: z.literal('code'),
        client_id: nonEmpty,
        redirect_uri: url,
        scope: scopeList(XERO_SCOPES),
        state: nonEmpty,
        code_challenge: z
          .string()
          .regex(/^[A-Za-z0-9_-]{43}$/, 'a base64url SHA-256 digest')
          .optional(),
        code_challenge_method: z.literal('S256').optional(),
      }),
    },
    {
      id: 'xero.identity.token',
      method: 'POST',
      path: '/connect/token',
      reference: 'docs/contract.md#xero',
      auth: ['Basic'],
      query: noQuery,
      body: z.discriminatedUnion('grant_type', [codeGrant({ code_verifier: nonEmpty.optional() }), refreshGrant({})]),
    },
    {
      id: 'xero.identity.revocation',
      method: 'POST',
      path: '/connect/revocation',
      reference: 'docs/contract.md#xero',
      auth: ['Basic'],
      query: noQuery,
      body: z.strictObject({ token: nonEmpty, token_type_hint: z.enum(['refresh_token', 'access_token']).optional() }),
    },
    {
      id: 'xero.identity.discovery',
      method: 'GET',
      path: '/.well-known/openid-configuration',
      reference: 'docs/contract.md#xero',
      auth: ['none'],
      query: noQuery,
    },
    {
      id: 'xero.identity.jwks',
      method: 'GET',
      path: '/.well-known/openid-configuration/jwks',
      reference: 'docs/contract.md#xero',
      auth: ['none'],
      query: noQuery,
    },
  ],
  quickbooks: [
    {
      id: 'quickbooks.oauth.authorize',
      method: 'GET',
      path: '/connect/oauth2',
      reference: 'docs/contract.md#quickbooks-online',
      auth: ['none'],
      query: z.strictObject({
        response_type: z.literal('code'),
        client_id: nonEmpty,
        redirect_uri: url,
        scope: scopeList(QUICKBOOKS_SCOPES),
        // Intuit requires state (CSRF protection).
        state: nonEmpty,
      }),
    },
    {
      id: 'quickbooks.oauth.token',
      method: 'POST',
      path: '/oauth2/v1/tokens/bearer',
      reference: 'docs/contract.md#quickbooks-online',
      auth: ['Basic'],
      query: noQuery,
      body: z.discriminatedUnion('grant_type', [codeGrant({}), refreshGrant({})]),
    },
    {
      id: 'quickbooks.oauth.revoke',
      method: 'POST',
      path: '/v2/oauth2/tokens/revoke',
      reference: 'docs/contract.md#quickbooks-online',
      auth: ['Basic'],
      query: noQuery,
      body: z.strictObject({ token: nonEmpty }),
    },
  ],
  mailchimp: [
    {
      id: 'mailchimp.oauth.authorize',
      method: 'GET',
      path: '/oauth2/authorize',
      reference: 'docs/contract.md#mailchimp',
      auth: ['none'],
      // Mailchimp has no scopes.
      query: z.strictObject({
        response_type: z.literal('code'),
        client_id: nonEmpty,
        redirect_uri: url,
        state: nonEmpty.optional(),
      }),
    },
    {
      id: 'mailchimp.oauth.token',
      method: 'POST',
      path: '/oauth2/token',
      reference: 'docs/contract.md#mailchimp',
      auth: ['none'],
      query: noQuery,
      body: codeGrant(clientInBody),
    },
    {
      id: 'mailchimp.oauth.metadata',
      method: 'GET',
      path: '/oauth2/metadata',
      reference: 'docs/contract.md#mailchimp',
      auth: ['OAuth'],
      query: noQuery,
    },
  ],
  ecwid: [
    {
      id: 'ecwid.oauth.authorize',
      method: 'GET',
      path: '/api/oauth/authorize',
      reference: 'docs/contract.md#ecwid',
      auth: ['none'],
      query: z.strictObject({
        response_type: z.literal('code'),
        client_id: nonEmpty,
        redirect_uri: url,
        scope: scopeList(ECWID_SCOPES),
        state: nonEmpty.optional(),
      }),
    },
    {
      id: 'ecwid.oauth.token',
      method: 'POST',
      path: '/api/oauth/token',
      reference: 'docs/contract.md#ecwid',
      auth: ['none'],
      query: noQuery,
      body: codeGrant(clientInBody),
    },
  ],
};
