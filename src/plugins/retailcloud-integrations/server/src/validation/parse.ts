import { errors } from '@strapi/utils';
import type { z } from 'zod';

/**
 * Parse a request's input with one of the schemas of this folder (one file per area), in the controller: a failure is
 * a 400 whose message starts with the field ("to: must be on or after from"), which the admin replaces with the
 * form's label (admin/src/utils/fieldLabel.ts); `prefix` names a nested part ("mapping." → "mapping.salesAccount").
 * Services receive what the schema gives, typed, and never parse requests themselves.
 */
export const parse = <T extends z.ZodType>(schema: T, input: unknown, where = 'body', prefix = ''): z.infer<T> => {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.length ? `${prefix}${issue.path.join('.')}` : where;
    throw new errors.ValidationError(`${field}: ${issue.message}`, {
      errors: parsed.error.issues.map((i) => ({
        path: i.path.map(String),
        message: i.message,
        name: 'ValidationError',
      })),
    });
  }
  return parsed.data;
};
