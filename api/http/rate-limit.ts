// Rate limits kept in the database (fixed one-minute windows in `rate_limits`), so they hold
// across every API instance: per user on /api/v1, per client address on the public share
// endpoints (api/shares/rate-limit.ts), per user for Tria's chats. Over the limit: 429 with
// Retry-After until the window ends. A hit also upserts its user (keyed by Firebase uid;
// last_seen_at refreshed at most every five minutes), so a request costs one statement here,
// and concurrent hits share one statement (api/db/batch.ts) with exact counts: the hits of a
// bucket in one batch are numbered in arrival order, as if each had run alone.
import type { MiddlewareHandler } from 'hono';
import type { AuthEnv, AuthUser } from '../auth/require-user.ts';
import { batched } from '../db/batch.ts';
import type { Queryable } from '../db/database.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError } from './errors.ts';

const WINDOW_SECONDS = 60;

interface Hit {
  bucket: string;
  user: AuthUser | undefined;
}

export interface HitCount {
  /** Hits in the bucket's current window, this one included. */
  hits: number;
  /** Seconds until the window ends (at least 1). */
  secondsLeft: number;
}

const countHits = batched<Hit, HitCount>(async (db, items) => {
  const perBucket = new Map<string, number>();
  const users = new Map<string, string | null>();
  for (const { bucket, user } of items) {
    perBucket.set(bucket, (perBucket.get(bucket) ?? 0) + 1);
    if (user) users.set(user.uid, user.email ?? null);
  }
  const { rows } = await db.query<{ bucket: string; hits: number; left: number }>(
    `WITH touched AS (
       INSERT INTO users (uid, email)
       SELECT * FROM unnest($3::text[], $4::text[])
       ON CONFLICT (uid) DO UPDATE SET email = EXCLUDED.email, last_seen_at = now()
       WHERE users.last_seen_at < now() - interval '5 minutes'
          OR users.email IS DISTINCT FROM EXCLUDED.email
     )
     INSERT INTO rate_limits (bucket, window_start, hits)
     SELECT bucket, to_timestamp(floor(extract(epoch FROM now()) / ${WINDOW_SECONDS}) * ${WINDOW_SECONDS}), n
     FROM unnest($1::text[], $2::int[]) AS t(bucket, n)
     ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + EXCLUDED.hits
     RETURNING bucket, hits, ceil(extract(epoch FROM window_start + interval '${WINDOW_SECONDS} seconds' - now()))::int AS left`,
    [[...perBucket.keys()], [...perBucket.values()], [...users.keys()], [...users.values()]],
  );
  // The batch's hits of each bucket end at the returned total: hand them out in arrival order.
  const next = new Map<string, HitCount>();
  for (const r of rows) {
    const n = perBucket.get(r.bucket) ?? 0;
    next.set(r.bucket, {
      hits: Number(r.hits) - n + 1,
      secondsLeft: Math.max(1, Number(r.left)),
    });
  }
  return items.map(({ bucket }) => {
    const count = next.get(bucket);
    if (!count) throw new Error(`no rate-limit row came back for ${bucket}`);
    next.set(bucket, { ...count, hits: count.hits + 1 });
    return count;
  });
});

/** Records one request in `bucket`'s current window (upserting `user` when given). */
export function hit(db: Queryable, bucket: string, user?: AuthUser): Promise<HitCount> {
  return countHits(db, { bucket, user });
}

/** The 429 for a count over `limit`, or nothing. */
export function overLimit(count: HitCount, limit: number, what = 'requests'): ApiError | null {
  if (count.hits <= limit) return null;
  return new ApiError(
    429,
    'rate_limited',
    `Too many ${what}; try again in ${count.secondsLeft} s`,
    { 'Retry-After': String(count.secondsLeft) },
  );
}

const WRITES = new Set(['PUT', 'POST', 'PATCH', 'DELETE']);

/** Runs after requireUser on every /api/v1 route. */
export function rateLimit(deps: AppDeps): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const write = WRITES.has(c.req.method);
    const limit = write ? deps.limits.writesPerMinute : deps.limits.readsPerMinute;
    const user = c.get('user');
    const over = overLimit(await hit(deps.db, `${write ? 'w' : 'r'}:${user.uid}`, user), limit);
    if (over) throw over;
    await next();
  };
}
