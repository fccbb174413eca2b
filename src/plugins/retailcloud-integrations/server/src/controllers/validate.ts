import { errors } from '@strapi/utils';
import type { z } from 'zod';

/** Parse input with a zod schema; a failure is a 400 naming the field. */
export const parse = <T extends z.ZodType>(schema: T, input: unknown, where = 'body'): z.infer<T> => {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join('.') || where;
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
