import type Koa from 'koa';
import type { ProviderErrorResponder } from '../core/types';

/** One entry of QBO's Fault.Error[] (IntuitRestServiceDef.xsd: code required, element optional). */
export interface QboError {
  Message: string;
  Detail: string;
  code: string;
  element?: string;
}

export type QboFaultType =
  | 'ValidationFault'
  | 'AuthenticationFault'
  | 'AuthorizationFault'
  | 'ThrottleExceeded'
  | 'SystemFault';

/** A failure an operation raises; routes answer it as {"Fault":{"Error":[…],"type":…},"time":…}. */
export class QboFault extends Error {
  constructor(
    readonly status: number,
    readonly errors: QboError[],
    readonly type: QboFaultType = 'ValidationFault'
  ) {
    super(errors[0]?.Message ?? type);
  }

  body(nowMs: number) {
    return { Fault: { Error: this.errors, type: this.type }, time: new Date(nowMs).toISOString() };
  }
}

export const answerFault = (ctx: Koa.Context, fault: QboFault, nowMs: number): void => {
  ctx.status = fault.status;
  ctx.body = fault.body(nowMs);
};

// The error catalogue: codes and wording as QBO uses them (docs/providers/quickbooks.md#error-formats).
export const faults = {
  unsupportedProperty: (detail: string, element?: string) =>
    new QboFault(400, [
      {
        Message: 'Request has invalid or unsupported property',
        Detail: detail,
        code: '2010',
        ...(element ? { element } : {}),
      },
    ]),
  requiredMissing: (path: string) =>
    new QboFault(400, [
      {
        Message: 'Required param missing, need to supply the required value for the API',
        Detail: `Required parameter ${path} is missing in the request`,
        code: '2020',
        element: path,
      },
    ]),
  invalidReference: (kind: string, id: string, element: string) =>
    new QboFault(400, [
      {
        Message: 'Invalid Reference Id',
        Detail: `Invalid Reference Id : ${kind} element id ${id} not found`,
        code: '2500',
        element,
      },
    ]),
  objectNotFound: (element?: string) =>
    new QboFault(400, [
      {
        Message: 'Object Not Found',
        Detail:
          "Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.",
        code: '610',
        ...(element ? { element } : {}),
      },
    ]),
  businessRule: (detail: string, element?: string) =>
    new QboFault(400, [
      {
        Message: 'A business validation error has occurred while processing your request',
        Detail: `Business Validation Error: ${detail}`,
        code: '6000',
        ...(element ? { element } : {}),
      },
    ]),
  amountMismatch: (supplied: string, element: string) =>
    new QboFault(400, [
      {
        Message: 'Amount is not equal to UnitPrice * Qty',
        Detail: `Amount is not equal to UnitPrice * Qty. Supplied value:${supplied}`,
        code: '6070',
        element,
      },
    ]),
  periodClosed: (closeDate: string) =>
    new QboFault(400, [
      {
        Message: 'Account Period Closed',
        Detail: `Account Period Closed, cannot update through Services API. The books are closed through ${closeDate}.`,
        code: '5010',
        element: 'TxnDate',
      },
    ]),
  staleObject: () =>
    new QboFault(400, [
      {
        Message: 'Stale Object Error',
        Detail:
          'Stale Object Error : You and another user were working on the same thing. The other user finished before you did, so your work was not saved.',
        code: '5010',
        element: 'SyncToken',
      },
    ]),
  duplicateName: () =>
    new QboFault(400, [
      {
        Message: 'Duplicate Name Exists Error',
        Detail:
          'The name supplied already exists. : Another account is already using this name. Please use a different name.',
        code: '6240',
        element: 'Name',
      },
    ]),
  stringLength: (element: string, max: number, length: number) =>
    new QboFault(400, [
      {
        Message: 'String length is either shorter or longer than supported by specification',
        Detail: `String length specified does not match the supported length. Min:0 Max:${max} supported. Supplied length:${length}`,
        code: '2050',
        element,
      },
    ]),
  queryParse: (detail: string) =>
    new QboFault(400, [{ Message: 'Error parsing query', Detail: `QueryParserError: ${detail}`, code: '4000' }]),
  queryInvalid: (detail: string) =>
    new QboFault(400, [{ Message: 'Invalid query', Detail: `QueryValidationError: ${detail}`, code: '4001' }]),
  unsupportedOperation: (detail: string) =>
    new QboFault(400, [{ Message: 'Unsupported Operation', Detail: detail, code: '500' }]),
  authentication: (detail: string) =>
    new QboFault(
      401,
      [{ Message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401', Detail: detail, code: '3200' }],
      'AuthenticationFault'
    ),
  authorization: (detail = 'The token is not authorised for this company (realmId).') =>
    new QboFault(
      403,
      [
        {
          Message: 'message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403',
          Detail: detail,
          code: '003100',
        },
      ],
      'AuthorizationFault'
    ),
  throttled: () =>
    new QboFault(
      429,
      [
        {
          Message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429',
          Detail: 'ThrottleExceeded: the request limit was reached.',
          code: '003001',
        },
      ],
      'ThrottleExceeded'
    ),
  system: (status: number) =>
    new QboFault(
      status,
      [
        {
          Message: 'An application error has occurred while processing your request',
          Detail:
            'System Failure Error: An unexpected error occurred while accessing or saving your data. Please wait a few minutes and try again.',
          code: '10000',
        },
      ],
      'SystemFault'
    ),
};

export const quickbooksErrors = (now: () => number): ProviderErrorResponder => ({
  fault(ctx, status) {
    answerFault(ctx, status === 429 ? faults.throttled() : faults.system(status), now());
  },
  notFound(ctx) {
    const fault = faults.unsupportedOperation(`Operation ${ctx.method} ${ctx.path} is not supported.`);
    answerFault(ctx, new QboFault(404, fault.errors), now());
  },
  internalError(ctx) {
    answerFault(ctx, faults.system(500), now());
  },
});
