// Authentication for /api/v1: a Firebase ID token in `Authorization: Bearer …`, verified by
// firebase-admin with revocation and disabled-account checks. Failures answer 401 (no, bad,
// expired or revoked token) or 403 (disabled account) as JSON, and never say more than that.
// The user row is upserted by the rate limiter that always follows (api/http/rate-limit.ts).
import type { MiddlewareHandler } from 'hono';
import type { AppDeps } from '../deps.ts';
import { ApiError } from '../http/errors.ts';

export interface AuthUser {
  uid: string;
  email: string | undefined;
}

export type AuthEnv = { Variables: { user: AuthUser; requestId: string } };

const BEARER = /^Bearer\s+([A-Za-z0-9._-]{20,4096})$/;

function authCode(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
}

export function requireUser(deps: AppDeps): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const header = c.req.header('Authorization');
    if (!header) throw new ApiError(401, 'unauthenticated', 'Sign in first: no ID token was sent');
    const token = BEARER.exec(header.trim())?.[1];
    if (!token) throw new ApiError(401, 'invalid_token', 'The ID token is malformed');
    let decoded: Awaited<ReturnType<AppDeps['auth']['verifyIdToken']>>;
    try {
      decoded = await deps.auth.verifyIdToken(token, true);
    } catch (err) {
      const code = authCode(err);
      if (code === 'auth/user-disabled') {
        throw new ApiError(403, 'user_disabled', 'This account is disabled');
      }
      if (code === 'auth/id-token-revoked') {
        throw new ApiError(401, 'token_revoked', 'This session was signed out; sign in again');
      }
      if (code === 'auth/id-token-expired') {
        throw new ApiError(401, 'token_expired', 'The ID token has expired; refresh it');
      }
      if (code.startsWith('auth/')) {
        throw new ApiError(401, 'invalid_token', 'The ID token is not valid');
      }
      throw err;
    }
    const user: AuthUser = { uid: decoded.uid, email: decoded.email };
    c.set('user', user);
    await next();
  };
}
