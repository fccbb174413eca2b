import crypto from 'node:crypto';

/**
 * X-Ecwid-Webhook-Signature: Base64(HMAC-SHA256(key = client_secret, message = "{eventCreated}.{eventId}")).
 * The body is not signed (provider-facts). For the webhook sender the catalog sandbox will add.
 */
export const signEcwidWebhook = (clientSecret: string, eventCreated: number, eventId: string): string =>
  crypto.createHmac('sha256', clientSecret).update(`${eventCreated}.${eventId}`).digest('base64');
