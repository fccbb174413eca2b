import type { ErrorBody } from '../../../contracts/errors';

/** The message a merchant should read from a failed admin request: the server's own (a 400 names the field). */
export const errorMessage = (e: unknown): string => {
  const err = e as { response?: { data?: Partial<ErrorBody> }; message?: string };
  return err.response?.data?.error?.message ?? err.message ?? 'Something went wrong';
};
