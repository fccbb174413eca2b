import crypto from 'node:crypto';
import axios from 'axios';

/**
 * X-Ecwid-Webhook-Signature: Base64(HMAC-SHA256(key = client_secret, message = "{eventCreated}.{eventId}")).
 * The body is not signed (docs/providers/ecwid.md#webhooks).
 */
export const signEcwidWebhook = (clientSecret: string, eventCreated: number, eventId: string): string =>
  crypto.createHmac('sha256', clientSecret).update(`${eventCreated}.${eventId}`).digest('base64');

export interface EcwidWebhookEvent {
  eventId: string;
  /** epoch seconds */
  eventCreated: number;
  storeId: number;
  entityId: number;
  eventType: string;
  data?: Record<string, unknown>;
}

export interface WebhookDelivery {
  event: EcwidWebhookEvent;
  signature: string;
  status: number | null;
  body: unknown;
}

/**
 * POST one event the way Ecwid does: `?eventtype=` on the app's URL, the signature header, JSON body.
 * `signWith` overrides the secret (a forged delivery).
 */
export const deliverEcwidWebhook = async (
  url: string,
  clientSecret: string,
  event: EcwidWebhookEvent
): Promise<WebhookDelivery> => {
  const signature = signEcwidWebhook(clientSecret, event.eventCreated, event.eventId);
  const target = new URL(url);
  target.searchParams.set('eventtype', event.eventType);
  try {
    const res = await axios.post(target.toString(), event, {
      headers: { 'Content-Type': 'application/json', 'X-Ecwid-Webhook-Signature': signature },
      validateStatus: () => true,
      timeout: 30_000,
    });
    return { event, signature, status: res.status, body: res.data };
  } catch (error) {
    return { event, signature, status: null, body: error instanceof Error ? error.message : String(error) };
  }
};
