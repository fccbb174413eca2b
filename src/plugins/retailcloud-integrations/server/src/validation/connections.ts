import { z } from 'zod';
import { providerIdParam } from '../modules/params';
import { cleanString, idParam } from '../utils/input';

/** Connection routes (controllers/connection.ts): what each accepts. */

/** POST /connections/:provider/connect */
export const providerParams = z.object({ provider: providerIdParam() });
/** POST /connections/:provider/:id/(tenant|disconnect) */
export const connectionParams = z.object({ provider: providerIdParam(), id: idParam });
/** POST /connections/:provider/:id/tenant: the organisation chosen */
export const tenantBody = z.object({ tenantId: cleanString(100).min(1) });
/** POST /connections/mailchimp/api-key */
export const apiKeyBody = z.object({ apiKey: cleanString(100).min(1) });
