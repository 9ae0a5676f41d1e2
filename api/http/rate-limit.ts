// Per-user rate limits kept in the database (fixed one-minute windows), so they hold across
// every API instance. Over the limit: 429 with Retry-After until the window ends. The same
// statement upserts the user (keyed by Firebase uid; last_seen_at refreshed at most every five
// minutes), so a request costs one round trip here, not two.
import type { MiddlewareHandler } from 'hono';
import type { AuthEnv, AuthUser } from '../auth/require-user.ts';
import type { Queryable } from '../db/database.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError } from './errors.ts';

const WINDOW_SECONDS = 60;

/** Records one request of `user` in `bucket`'s current window; returns the hits so far. */
export async function hit(db: Queryable, user: AuthUser, bucket: string) {
  const { rows } = await db.query<{ hits: number; left: number }>(
    `WITH touched AS (
       INSERT INTO users (uid, email) VALUES ($2, $3)
       ON CONFLICT (uid) DO UPDATE SET email = EXCLUDED.email, last_seen_at = now()
       WHERE users.last_seen_at < now() - interval '5 minutes'
          OR users.email IS DISTINCT FROM EXCLUDED.email
     )
     INSERT INTO rate_limits (bucket, window_start, hits)
     VALUES ($1, to_timestamp(floor(extract(epoch FROM now()) / ${WINDOW_SECONDS}) * ${WINDOW_SECONDS}), 1)
     ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1
     RETURNING hits, ceil(extract(epoch FROM window_start + interval '${WINDOW_SECONDS} seconds' - now()))::int AS left`,
    [bucket, user.uid, user.email ?? null],
  );
  const row = rows[0] as { hits: number; left: number };
  return { hits: Number(row.hits), secondsLeft: Math.max(1, Number(row.left)) };
}

const WRITES = new Set(['PUT', 'POST', 'PATCH', 'DELETE']);

/** Runs after requireUser on every /api/v1 route. */
export function rateLimit(deps: AppDeps): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const write = WRITES.has(c.req.method);
    const limit = write ? deps.limits.writesPerMinute : deps.limits.readsPerMinute;
    const user = c.get('user');
    const { hits, secondsLeft } = await hit(deps.db, user, `${write ? 'w' : 'r'}:${user.uid}`);
    if (hits > limit) {
      throw new ApiError(429, 'rate_limited', `Too many requests; try again in ${secondsLeft} s`, {
        'Retry-After': String(secondsLeft),
      });
    }
    await next();
  };
}
