import request from 'supertest';
import { type SandboxHandle, startSandbox } from '..';
import { connect } from '../testing/connect';
import { QBO_SANDBOX_REALM_ID } from './state';

const BASE = `/v3/company/${QBO_SANDBOX_REALM_ID}`;

/** POST batch: requestid replay of the whole batch, and the "one item refused" injection. */
describe('QuickBooks sandbox: batched writes', () => {
  let qbo: SandboxHandle<'quickbooks'>;
  let token: string;

  beforeAll(async () => {
    qbo = await startSandbox('quickbooks');
    token = (await connect(qbo)).tokens.access_token;
  });
  afterAll(() => qbo.stop());
  afterEach(() => qbo.control.state.refusals.clear());

  const batch = (items: unknown[], requestid?: string) =>
    request(qbo.url)
      .post(`${BASE}/batch`)
      .query({ minorversion: '75', ...(requestid ? { requestid } : {}) })
      .set('Authorization', `Bearer ${token}`)
      .set('Accept', 'application/json')
      .send({ BatchItemRequest: items });
  let n = 0;
  const journal = () => {
    n += 1;
    return {
      TxnDate: '2026-11-26',
      DocNumber: `B-${process.pid}-${n}`,
      Line: [
        {
          Amount: 5,
          DetailType: 'JournalEntryLineDetail',
          JournalEntryLineDetail: { PostingType: 'Debit', AccountRef: { value: '80' } },
        },
        {
          Amount: 5,
          DetailType: 'JournalEntryLineDetail',
          JournalEntryLineDetail: { PostingType: 'Credit', AccountRef: { value: '81' } },
        },
      ],
    };
  };
  const stored = (docNumber: string) => qbo.control.state.journalEntries.filter((e) => e.DocNumber === docNumber);

  it('the same requestid replays the whole batch answer and creates nothing twice', async () => {
    const items = [
      { bId: 'b0', operation: 'create', JournalEntry: journal() },
      { bId: 'b1', operation: 'create', JournalEntry: journal() },
    ];
    const first = await batch(items, `rq-${process.pid}-1`);
    const again = await batch(items, `rq-${process.pid}-1`);
    expect(again.body.BatchItemResponse.map((r: { JournalEntry: { Id: string } }) => r.JournalEntry.Id)).toEqual(
      first.body.BatchItemResponse.map((r: { JournalEntry: { Id: string } }) => r.JournalEntry.Id)
    );
    for (const item of items) expect(stored(item.JournalEntry.DocNumber)).toHaveLength(1);
  });

  it('a bId longer than 10 characters is refused when the batch carries a requestid', async () => {
    const res = await batch(
      [{ bId: 'b-too-long-1', operation: 'create', JournalEntry: journal() }],
      `rq-${process.pid}-2`
    );
    expect(res.status).toBe(400);
  });

  it('"one item refused" answers that item with a business-rule Fault and saves the others', async () => {
    const items = [
      { bId: 'b0', operation: 'create', JournalEntry: journal() },
      { bId: 'b1', operation: 'create', JournalEntry: journal() },
    ];
    qbo.control.state.refusals.arm({ match: items[0].JournalEntry.DocNumber, message: 'Refused for the test.' });
    const res = await batch(items);
    const [refused, saved] = res.body.BatchItemResponse;
    expect(refused).toMatchObject({
      bId: 'b0',
      Fault: {
        type: 'ValidationFault',
        Error: [expect.objectContaining({ code: '6000', Detail: 'Business Validation Error: Refused for the test.' })],
      },
    });
    expect(saved.JournalEntry.Id).toBeDefined();
    expect(stored(items[0].JournalEntry.DocNumber)).toHaveLength(0);
    expect(stored(items[1].JournalEntry.DocNumber)).toHaveLength(1);
  });
});
