// Per-user rate limits kept in the database (fixed one-minute windows), so they hold across
// every API instance. Over the limit: 429 with Retry-After until the window ends.
import type { MiddlewareHandler } from 'hono';
import type { AuthEnv } from '../auth/require-user.ts';
import type { Queryable } from '../db/database.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError } from './errors.ts';

const WINDOW_SECONDS = 60;

/** Counts one hit in `bucket`'s current window; returns the hits so far and seconds left. */
export async function hit(db: Queryable, bucket: string) {
  const { rows } = await db.query<{ hits: number; left: number }>(
    `INSERT INTO rate_limits (bucket, window_start, hits)
     VALUES ($1, to_timestamp(floor(extract(epoch FROM now()) / ${WINDOW_SECONDS}) * ${WINDOW_SECONDS}), 1)
     ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1
     RETURNING hits, ceil(extract(epoch FROM window_start + interval '${WINDOW_SECONDS} seconds' - now()))::int AS left`,
    [bucket],
  );
  const row = rows[0] as { hits: number; left: number };
  return { hits: Number(row.hits), secondsLeft: Math.max(1, Number(row.left)) };
}

const WRITES = new Set(['PUT', 'POST', 'PATCH', 'DELETE']);

export function rateLimit(deps: AppDeps): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const write = WRITES.has(c.req.method);
    const limit = write ? deps.limits.writesPerMinute : deps.limits.readsPerMinute;
    const { hits, secondsLeft } = await hit(deps.db, `${write ? 'w' : 'r'}:${c.get('user').uid}`);
    if (hits > limit) {
      throw new ApiError(429, 'rate_limited', `Too many requests; try again in ${secondsLeft} s`, {
        'Retry-After': String(secondsLeft),
      });
    }
    await next();
  };
}
