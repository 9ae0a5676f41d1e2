// Rate limit of the public share endpoints, per client address, in the same database windows
// as the per-user limits of /api/v1 (api/http/rate-limit.ts: fixed one-minute windows in
// `rate_limits`, shared by every instance, swept after an hour). Over the limit: 429 with
// Retry-After until the window ends.
import type { MiddlewareHandler } from 'hono';
import type { Queryable } from '../db/database.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError } from '../http/errors.ts';
import { clientIp, ipBucket } from './client-ip.ts';

const WINDOW_SECONDS = 60;

/** Records one request in `bucket`'s current window; returns the hits so far. */
export async function hitBucket(db: Queryable, bucket: string) {
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

export function publicRateLimit(deps: AppDeps): MiddlewareHandler {
  return async (c, next) => {
    const bucket = ipBucket(clientIp(c, deps.trustProxyHops ?? 0));
    const { hits, secondsLeft } = await hitBucket(deps.db, bucket);
    if (hits > deps.limits.publicReadsPerMinute) {
      throw new ApiError(429, 'rate_limited', `Too many requests; try again in ${secondsLeft} s`, {
        'Retry-After': String(secondsLeft),
      });
    }
    await next();
  };
}
