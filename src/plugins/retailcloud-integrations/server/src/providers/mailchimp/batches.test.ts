import zlib from 'node:zlib';
import { MAILCHIMP_SANDBOX_API_KEY, type SandboxHandle, startSandbox, subscriberHash } from '@retailcloud/sandboxes';
import axios from 'axios';
import request from 'supertest';
import { createApiClient } from '../../engine/http';
import { archiveFiles, BatchNotFinishedError, readBatchArchive, runBatch } from './batches';
import { mailchimp as adapter } from './index';

const AUTH = `Basic ${Buffer.from(`anystring:${MAILCHIMP_SANDBOX_API_KEY}`).toString('base64')}`;

/** Written by GNU tar (`tar --format=gnu -czf`): a directory `abc123/` holding two JSON result files. */
const GNU_TAR_FIXTURE =
  'H4sIAAAAAAAAA+3UzU6EMBQFYB6luWuiBdrB8ACzdOHWmgk/XWAMd9KWaDKZd7ciGyE6K5wYz7cpoaW0vTmtmzbLi9tkSzIqtZ7aaNlOz5kupCq1VLJMZCZ1oRKhN13VbPShdkIkjjn8NO5S/x9Vf9afB3vz7HnY5B8fBd4p9W39s2K3qH+eZzIRcpPVLPzz+j+eKB5AGP2h5c5SlUuZEh+tq0PPw6HvqKKSUnLWH3nwcQSdDPWdocrQm6HUzN9PL/zY+Nb1jY39Zzo/XXt3cMmc//DKV8y/Klf5Vzny/xuW+VdSrfJ/t8p/6MOLnRL/YD2PrrXinoPY8zh0X++EOB8uAgAAAAAAAAAAAAAAAAAAgI29A7GRMxkAKAAA';

/** Written by GNU tar: one result file whose name is longer than a tar header holds (a GNU long-name entry). */
const GNU_LONG_NAME_FIXTURE =
  'H4sIAAAAAAAAA+3USw6CMBAGYNaegszaQFtajaw8ADcQY1CIQZPWtLgwxrtbHxtM1BUSw/9thtAmlJnOFOsNF0kcdIl5U6Xu0XuN92euuFBJIuXtPWdKyCBUnZ7q6eiawoZhYI1pPu37tv6nojiK55nR26zW+46+cSvwRMq39RdMte4C43ziQ5h1dJ6Wgde/ePS/7Um0c0b3nYMh+0X9v/W/H/ft+Z8oMfXzn/0iAQPv/8WZfAKao1ttTFlRKhgbkzlUtmhqo1d1SSnNaEy2cgejnd9B55zqMqc0p1NOF7osR33/BAAAAAAAAAAAAAAAAAAAwMBdAfRR8T0AKAAA';

describe('batch results archive', () => {
  test("reads a gzipped tar written by GNU tar: every JSON file's results, responses parsed", async () => {
    const results = await readBatchArchive(Buffer.from(GNU_TAR_FIXTURE, 'base64'));
    expect(results).toEqual([
      { operation_id: '7', status_code: 200, response: { id: 'x', status: 'subscribed' } },
      { operation_id: '8', status_code: 404, response: { title: 'Resource Not Found', status: 404 } },
    ]);
  });

  test('lists only regular files, with their directory', async () => {
    const names = (await archiveFiles(Buffer.from(GNU_TAR_FIXTURE, 'base64'))).map((f) => f.name);
    expect(names.sort()).toEqual(['abc123/one.json', 'abc123/two.json']);
  });

  test('reads a result file whose name needs a long-name entry', async () => {
    expect(await readBatchArchive(Buffer.from(GNU_LONG_NAME_FIXTURE, 'base64'))).toEqual([
      { operation_id: '9', status_code: 200, response: { id: 'y' } },
    ]);
  });

  test('refuses a damaged archive instead of reading results from it', async () => {
    const tarball = zlib.gunzipSync(Buffer.from(GNU_TAR_FIXTURE, 'base64'));
    // the first file's header (after the directory's) gets one byte of its name changed: its checksum no longer fits
    tarball[512 + 8] ^= 0x01;
    await expect(readBatchArchive(zlib.gzipSync(tarball))).rejects.toThrow(/could not be read/);
  });
});

describe('Mailchimp sandbox: batch operations (POST /batches)', () => {
  let mc: SandboxHandle<'mailchimp'>;
  let listId: string;
  const api = () => ({
    get: (path: string) => request(mc.url).get(`/3.0${path}`).set('Authorization', AUTH),
    post: (path: string, body: object) => request(mc.url).post(`/3.0${path}`).set('Authorization', AUTH).send(body),
  });
  const patchOp = (email: string, body: object, id: string) => ({
    method: 'PATCH',
    path: `/lists/${listId}/members/${subscriberHash(email)}`,
    operation_id: id,
    body: JSON.stringify(body),
  });

  beforeEach(async () => {
    mc = await startSandbox('mailchimp', {});
    const state = mc.control.state.audience;
    listId = state.nextId();
    state.lists.push({
      id: listId,
      web_id: 1,
      name: 'Shop',
      contact: { company: 'Demo', address1: '1 High St', city: 'London', state: '', zip: 'N1', country: 'GB' },
      permission_reminder: 'You signed up at the till.',
      campaign_defaults: { from_name: 'Demo', from_email: 'news@example.com', subject: 'News', language: 'en' },
      email_type_option: false,
      date_created: new Date().toISOString(),
    });
    state.putMember(listId, 'fan@example.com', 'subscribed', Date.now(), { FNAME: 'Old' });
    state.putMember(listId, 'gone@example.com', 'unsubscribed', Date.now());
  });
  afterEach(() => mc.stop());

  test('queues, reports pending → started → finished, and serves the results archive without credentials', async () => {
    const started = await api().post('/batches', {
      operations: [
        patchOp('fan@example.com', { merge_fields: { FNAME: 'Fiona' } }, 'a'),
        patchOp('gone@example.com', { merge_fields: { FNAME: 'Gina' } }, 'b'),
        patchOp('nobody@example.com', { merge_fields: { FNAME: 'No' } }, 'c'),
        patchOp('fan@example.com', { status: 'pending', email_address: 'gone@example.com' }, 'd'),
      ],
    });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ status: 'pending', total_operations: 4, response_body_url: '' });
    const first = await api().get(`/batches/${started.body.id}`);
    expect(first.body.status).toBe('started');
    const done = await api().get(`/batches/${started.body.id}`);
    expect(done.body).toMatchObject({ status: 'finished', finished_operations: 4, errored_operations: 2 });
    const archive = await axios.get<ArrayBuffer>(done.body.response_body_url, { responseType: 'arraybuffer' });
    const results = await readBatchArchive(Buffer.from(archive.data));
    expect(results.map((r) => [r.operation_id, r.status_code])).toEqual([
      ['a', 200],
      ['b', 200],
      ['c', 404],
      ['d', 400],
    ]);
    expect(results[3].response).toMatchObject({ title: 'Member Exists' });
    const state = mc.control.state.audience;
    // merge fields changed, statuses kept
    expect(state.member(listId, 'fan@example.com')).toMatchObject({
      status: 'subscribed',
      merge_fields: { FNAME: 'Fiona' },
    });
    expect(state.member(listId, 'gone@example.com')).toMatchObject({
      status: 'unsubscribed',
      merge_fields: { FNAME: 'Gina' },
    });
    expect(state.member(listId, 'nobody@example.com')).toBeUndefined();
  });

  test("refuses an operation whose body is not that operation's (status_if_new in a PATCH), or one we do not use", async () => {
    const wrongField = await api().post('/batches', {
      operations: [patchOp('fan@example.com', { status_if_new: 'subscribed' }, 'a')],
    });
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.errors).toEqual([expect.objectContaining({ field: 'operations.0.body.status_if_new' })]);
    const notAString = await api().post('/batches', {
      operations: [{ method: 'PATCH', path: `/lists/${listId}/members/x`, body: { merge_fields: {} } }],
    });
    expect(notAString.body.errors).toEqual([expect.objectContaining({ field: 'operations.0.body' })]);
    const unknown = await api().post('/batches', {
      operations: [{ method: 'POST', path: `/lists/${listId}/members`, body: '{}' }],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'operations.0.path' })]);
    expect(mc.control.state.audience.batches).toEqual([]);
  });

  test('checks query parameters against the operation, and refuses the ones it would not apply', async () => {
    const path = `/lists/${listId}/members/${subscriberHash('fan@example.com')}`;
    const body = JSON.stringify({ merge_fields: { FNAME: 'Fiona' } });
    // a parameter the member update does not have
    const unknown = await api().post('/batches', {
      operations: [{ method: 'PATCH', path, params: { force: true }, body }],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'operations.0.params.force' })]);
    const inPath = await api().post('/batches', { operations: [{ method: 'PATCH', path: `${path}?force=1`, body }] });
    expect(inPath.body.errors).toEqual([expect.objectContaining({ field: 'operations.0.params.force' })]);
    // a documented parameter the sandbox does not model: refused, not silently ignored
    const documented = await api().post('/batches', {
      operations: [{ method: 'PATCH', path, params: { skip_merge_validation: true }, body }],
    });
    expect(documented.status).toBe(400);
    expect(documented.body.errors).toEqual([expect.objectContaining({ field: 'operations.0.params' })]);
    const documentedInPath = await api().post('/batches', {
      operations: [{ method: 'PATCH', path: `${path}?skip_merge_validation=true`, body }],
    });
    expect(documentedInPath.status).toBe(400);
    expect(documentedInPath.body.errors).toEqual([expect.objectContaining({ field: 'operations.0.path' })]);
    expect(mc.control.state.audience.batches).toEqual([]);
    expect(mc.control.state.audience.member(listId, 'fan@example.com')?.merge_fields).toMatchObject({ FNAME: 'Old' });
  });

  test('runBatch sends the bodies as JSON strings, waits for the batch and returns each result by operation id', async () => {
    const client = createApiClient({
      adapter,
      baseUrl: `${mc.url}/3.0`,
      getAuthHeader: async () => ({ Authorization: AUTH }),
      limiterKey: `batches-test-${Date.now()}`,
      backoffMs: 5,
    });
    const results = await runBatch(
      client,
      [
        {
          id: '1',
          method: 'PATCH',
          path: `/lists/${listId}/members/${subscriberHash('fan@example.com')}`,
          body: { merge_fields: { LNAME: 'Lee' } },
        },
        {
          id: '2',
          method: 'PATCH',
          path: `/lists/${listId}/members/${subscriberHash('x@example.com')}`,
          body: { status: 'unsubscribed' },
        },
      ],
      { pollMs: 1, maxWaitMs: 60_000 }
    );
    expect(results.get('1')).toMatchObject({
      status_code: 200,
      response: { merge_fields: { FNAME: 'Old', LNAME: 'Lee' } },
    });
    expect(results.get('2')).toMatchObject({ status_code: 404 });
    expect(mc.control.calls({ path: '/batches' }).map((c) => c.method)).toEqual(['POST', 'GET', 'GET']);

    mc.control.state.audience.batchPollsToFinish = 1_000_000;
    await expect(
      runBatch(
        client,
        [
          {
            id: '3',
            method: 'PATCH',
            path: `/lists/${listId}/members/${subscriberHash('fan@example.com')}`,
            body: { merge_fields: {} },
          },
        ],
        {
          pollMs: 1,
          maxWaitMs: 30,
        }
      )
    ).rejects.toBeInstanceOf(BatchNotFinishedError);
  });
});
