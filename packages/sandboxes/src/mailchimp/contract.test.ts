import fs from 'node:fs';
import path from 'node:path';
import { findOperation } from '../core/contract';
import { mailchimpOperations, validateOperation } from './contract';

const DOC = path.resolve(__dirname, '../../../../docs/providers/mailchimp.md');
const op = (method: string, p: string) => {
  const found = findOperation(mailchimpOperations, method, p);
  if (!found) throw new Error(`no operation for ${method} ${p}`);
  return found;
};

describe('mailchimpOperations', () => {
  test('each operation has a unique id and a reference to a section of docs/providers/mailchimp.md that exists', () => {
    const doc = fs.readFileSync(DOC, 'utf8');
    const ids = mailchimpOperations.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const o of mailchimpOperations) {
      const [file, anchor] = o.reference.split('#');
      expect(file).toBe('docs/providers/mailchimp.md');
      expect(doc).toContain(`<a id="${anchor}"></a>`);
      // Mailchimp OAuth has no scopes
      expect(o.scope).toBeUndefined();
    }
  });

  test('batch subscribe members carry status and have no status_if_new', () => {
    const batch = op('POST', '/3.0/lists/abc123');
    expect(batch.id).toBe('mailchimp.lists.batch-members');
    expect(
      validateOperation(
        batch,
        {},
        { members: [{ email_address: 'a@example.com', status: 'subscribed' }], update_existing: false }
      )
    ).toEqual([]);
    expect(
      validateOperation(batch, {}, { members: [{ email_address: 'a@example.com', status_if_new: 'subscribed' }] })
    ).toEqual([
      { field: 'members.0.status', message: expect.any(String) },
      { field: 'members.0.status_if_new', message: 'status_if_new is not a field of this operation' },
    ]);
  });

  test('a member update takes no status_if_new and no transactional status; operations without a body take none', () => {
    const patch = op('PATCH', '/3.0/lists/abc/members/0123456789abcdef0123456789abcdef');
    expect(validateOperation(patch, {}, { merge_fields: { FNAME: 'Ann' } })).toEqual([]);
    expect(validateOperation(patch, {}, { status: 'transactional' }).map((p) => p.field)).toEqual(['status']);
    expect(validateOperation(patch, {}, { status_if_new: 'subscribed' }).map((p) => p.field)).toEqual([
      'status_if_new',
    ]);
    const send = op('POST', '/3.0/campaigns/c1/actions/send');
    expect(validateOperation(send, {}, undefined)).toEqual([]);
    expect(validateOperation(send, {}, { now: true })).toEqual([
      { field: 'body', message: 'this operation takes no body' },
    ]);
  });
});
