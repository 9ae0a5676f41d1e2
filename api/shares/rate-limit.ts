// Rate limit of the public share endpoints, per client address, in the same database windows
// as the per-user limits of /api/v1 (api/http/rate-limit.ts).
import type { MiddlewareHandler } from 'hono';
import type { AppDeps } from '../deps.ts';
import { hit, overLimit } from '../http/rate-limit.ts';
import { clientIp, ipBucket } from './client-ip.ts';

export function publicRateLimit(deps: AppDeps): MiddlewareHandler {
  return async (c, next) => {
    const bucket = ipBucket(clientIp(c, deps.trustProxyHops ?? 0));
    const over = overLimit(await hit(deps.db, bucket), deps.limits.publicReadsPerMinute);
    if (over) throw over;
    await next();
  };
}
