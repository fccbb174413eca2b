import crypto from 'node:crypto';
import { z } from 'zod';
import { cleanString } from '../../utils/input';

/** Ecwid's webhooks as they arrive: the event body, its signature, and the order an order event names. */

export const ecwidWebhookEvent = z.object({
  eventId: cleanString(120).min(1),
  eventCreated: z.number().int(),
  storeId: z.union([z.number().int(), cleanString(40)]),
  entityId: z.union([z.number().int(), cleanString(40)]).optional(),
  eventType: cleanString(60).min(1),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type EcwidWebhookEventBody = z.infer<typeof ecwidWebhookEvent>;

/** X-Ecwid-Webhook-Signature = Base64(HMAC-SHA256(client_secret, "{eventCreated}.{eventId}")); the body is not signed. */
export const verifyEcwidSignature = (
  clientSecret: string,
  signature: string | undefined,
  eventCreated: number,
  eventId: string
): boolean => {
  if (!signature) return false;
  const expected = crypto.createHmac('sha256', clientSecret).update(`${eventCreated}.${eventId}`).digest();
  let given: Buffer;
  try {
    given = Buffer.from(signature, 'base64');
  } catch {
    return false;
  }
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
};

export interface EcwidOrder {
  id: string;
  orderNumber: number;
  total: number;
  createDate: string;
  items: Array<{ sku: string; quantity: number; price: number; name?: string }>;
}
