import type { Response } from 'supertest';

/** Keeps every response body and header the tests saw, so a final test can prove no secret ever left the app. */
export const createResponseRecorder = () => {
  const seen: string[] = [];
  return {
    record<T extends Response>(res: T): T {
      const headers = { ...res.headers };
      // The OAuth binding cookie is an HMAC, not a token; everything else is kept.
      seen.push(JSON.stringify(headers), res.text ?? JSON.stringify(res.body ?? ''));
      return res;
    },
    /** secrets found in any recorded response */
    leaks(secrets: string[]): string[] {
      const wanted = secrets.filter((s) => s && s.length >= 8);
      return wanted.flatMap((secret) =>
        seen.filter((text) => text.includes(secret)).map((text) => `${secret.slice(0, 6)}… in ${text.slice(0, 300)}`)
      );
    },
    count: () => seen.length / 2,
  };
};
