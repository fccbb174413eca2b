import { signEcwidWebhook } from '@retailcloud/sandboxes';
import { receiptNumberFor } from '../../usecases/stock-availability/availability';
import { describeEcwidFailure } from './ecwid-requests';
import { verifyEcwidSignature } from './webhooks';

describe('Ecwid availability helpers', () => {
  it('accepts the signature Ecwid computes and nothing else', () => {
    const signature = signEcwidWebhook('secret', 1700000000, 'evt-1');
    expect(verifyEcwidSignature('secret', signature, 1700000000, 'evt-1')).toBe(true);
    expect(verifyEcwidSignature('secret', signature, 1700000001, 'evt-1')).toBe(false);
    expect(verifyEcwidSignature('secret', signature, 1700000000, 'evt-2')).toBe(false);
    expect(verifyEcwidSignature('other', signature, 1700000000, 'evt-1')).toBe(false);
    expect(verifyEcwidSignature('secret', undefined, 1700000000, 'evt-1')).toBe(false);
    expect(verifyEcwidSignature('secret', 'not base64!', 1700000000, 'evt-1')).toBe(false);
  });

  it('names the online sale after the Ecwid order number', () => {
    expect(receiptNumberFor({ orderNumber: 1042 })).toBe('ECWID-1042');
  });

  it('describes a failed request with status, Ecwid error code and message', () => {
    expect(describeEcwidFailure(409, { errorMessage: 'SKU A already exists', errorCode: 'SKU_ALREADY_EXISTS' })).toBe(
      'HTTP 409 SKU_ALREADY_EXISTS: SKU A already exists'
    );
    expect(describeEcwidFailure(null, null)).toBe('failed without an answer');
  });
});
