import crypto from 'node:crypto';
import type Router from '@koa/router';
import type Koa from 'koa';
import type { JsonObject } from '../core/request-body';
import { tenantOf, type XeroApiDeps } from './api';
import { answerElements, type ElementOutcome, readCollection } from './collection-body';
import { notFound } from './errors';
import { applyListQuery } from './list-query';
import { envelope, presentContact } from './present';
import type { XeroContactRecord } from './types';

const EDITABLE = [
  'Name',
  'ContactNumber',
  'AccountNumber',
  'FirstName',
  'LastName',
  'EmailAddress',
  'ContactStatus',
] as const;

const nameTaken = (contacts: XeroContactRecord[], name: string, except?: XeroContactRecord) =>
  contacts.some((c) => c !== except && c.ContactStatus === 'ACTIVE' && c.Name.toLowerCase() === name.toLowerCase());

const duplicateName = (name: string) =>
  `The contact name ${name} is already assigned to another contact. The contact name must be unique across all active contacts.`;

const contactOutcome = (deps: XeroApiDeps, ctx: Koa.Context, raw: JsonObject, allowUpdate: boolean): ElementOutcome => {
  const tenantId = tenantOf(ctx).organisation.OrganisationID;
  const mine = deps.state.contacts.filter((c) => c.tenantId === tenantId);
  const nowMs = deps.sandbox.clock.now();
  const id = typeof raw.ContactID === 'string' ? raw.ContactID.toLowerCase() : undefined;
  const existing = allowUpdate && id ? mine.find((c) => c.ContactID === id) : undefined;
  const name = typeof raw.Name === 'string' ? raw.Name.trim() : undefined;
  const messages: string[] = [];
  if (id && allowUpdate && !existing) messages.push(`The contact with ContactID ${id} could not be found`);
  if (!existing && !name) messages.push('Contact name must be specified');
  if (name && nameTaken(mine, name, existing)) messages.push(duplicateName(name));
  return {
    element: raw,
    messages,
    commit: () => {
      const record: XeroContactRecord = existing ?? {
        tenantId,
        ContactID: crypto.randomUUID(),
        Name: name ?? '',
        ContactStatus: 'ACTIVE',
        IsCustomer: false,
        IsSupplier: false,
        UpdatedDateUTC: nowMs,
      };
      for (const field of EDITABLE) {
        const value = raw[field];
        if (typeof value === 'string')
          (record as unknown as Record<string, unknown>)[field] = field === 'Name' ? value.trim() : value;
      }
      record.UpdatedDateUTC = nowMs;
      if (!existing) deps.state.contacts.push(record);
      return presentContact(record);
    },
  };
};

export const mountContactRoutes = (api: Router, deps: XeroApiDeps): void => {
  api.get('/Contacts', (ctx) => {
    const tenantId = tenantOf(ctx).organisation.OrganisationID;
    const includeArchived = String(ctx.query.includeArchived).toLowerCase() === 'true';
    const mine = deps.state.contacts.filter(
      (c) => c.tenantId === tenantId && (includeArchived || c.ContactStatus === 'ACTIVE')
    );
    const result = applyListQuery(ctx, mine, {
      lists: { IDs: (c) => c.ContactID },
      updatedAt: (c) => c.UpdatedDateUTC,
    });
    if (!result) return;
    ctx.body = envelope('Contacts', result.items.map(presentContact), deps.sandbox.clock.now());
  });

  api.get('/Contacts/:id', (ctx) => {
    const tenantId = tenantOf(ctx).organisation.OrganisationID;
    const key = ctx.params.id.toLowerCase();
    const record = deps.state.contacts.find(
      (c) => c.tenantId === tenantId && (c.ContactID === key || c.ContactNumber?.toLowerCase() === key)
    );
    if (!record) return notFound(ctx);
    ctx.body = envelope('Contacts', [presentContact(record)], deps.sandbox.clock.now());
  });

  const write = (allowUpdate: boolean) => (ctx: Koa.Context) => {
    const elements = readCollection(ctx, 'Contacts');
    if (!elements) return;
    answerElements(
      ctx,
      'Contacts',
      elements.map((raw) => contactOutcome(deps, ctx, raw, allowUpdate)),
      deps.sandbox.clock.now()
    );
  };
  api.put('/Contacts', write(false));
  api.post('/Contacts', write(true));
};
