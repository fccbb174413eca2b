/** True when the admin API refused the request for lack of permission (403), whatever the fetch error's shape. */
export const isForbidden = (error: unknown): boolean => {
  const e = error as { status?: number; response?: { data?: { error?: { status?: number } } } } | null;
  return e?.status === 403 || e?.response?.data?.error?.status === 403;
};
