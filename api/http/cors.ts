// CORS for an allowlist of origins. Unlike hono/cors, which writes its headers onto a response it
// creates before the route runs (so the route's own Response is then copied into a new one and
// sent through web streams), this adds them to the route's response afterwards. Preflights
// (OPTIONS) are answered here; every answer varies by Origin.
import type { MiddlewareHandler } from 'hono';

export interface CorsOptions {
  /** Whether a cross-origin request from `origin` may read the answer. */
  allowOrigin: (origin: string) => boolean;
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  /** Seconds a browser may reuse a preflight's answer. */
  maxAge: number;
}

export function corsAllowlist(opts: CorsOptions): MiddlewareHandler {
  const methods = opts.allowMethods.join(',');
  const allowHeaders = opts.allowHeaders.join(',');
  const exposeHeaders = opts.exposeHeaders.join(',');
  return async (c, next) => {
    const origin = c.req.header('origin');
    const allowed = origin !== undefined && opts.allowOrigin(origin) ? origin : null;
    if (c.req.method === 'OPTIONS') {
      const headers: Record<string, string> = {
        'Access-Control-Allow-Methods': methods,
        'Access-Control-Allow-Headers': allowHeaders,
        'Access-Control-Max-Age': String(opts.maxAge),
        Vary: 'Origin',
      };
      if (allowed) headers['Access-Control-Allow-Origin'] = allowed;
      return c.body(null, 204, headers);
    }
    await next();
    // Onto the response's own headers (as hono's secureHeaders does): c.header() would copy it.
    const headers = c.res.headers;
    if (allowed) {
      headers.set('Access-Control-Allow-Origin', allowed);
      headers.set('Access-Control-Expose-Headers', exposeHeaders);
    }
    headers.append('Vary', 'Origin');
  };
}
