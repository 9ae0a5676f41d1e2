// Pieces every /api/v1 route definition shares: JSON response entries, the error responses all
// of them can give, and the bearer-token security requirement.
import { z } from '@hono/zod-openapi';
import { ErrorBody } from './errors.ts';

export const jsonResponse = <T>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const v1Errors = {
  400: jsonResponse(ErrorBody, 'Invalid request'),
  401: jsonResponse(ErrorBody, 'No, bad or expired ID token'),
  403: jsonResponse(ErrorBody, 'Account disabled'),
  429: jsonResponse(ErrorBody, 'Rate limited (see Retry-After)'),
  503: jsonResponse(ErrorBody, 'Database or storage unavailable (see Retry-After)'),
};

/** What a route that stores bytes may answer besides v1Errors. */
export const storageFull = {
  507: jsonResponse(ErrorBody, 'No room left in storage (see Retry-After)'),
};

/** The security requirement of every /api/v1 route (scheme registered in app.ts). */
export const bearerSecurity = [{ firebaseIdToken: [] }];

/** Bytes (a request or response body that is not JSON). */
export const binary = z.string().openapi({ type: 'string', format: 'binary' });
