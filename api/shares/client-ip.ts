// Who is asking, for the rate limit of the public share endpoints (no account there): the
// peer's address, or, behind `trustProxyHops` reverse proxies (Koyeb's edge is one), the address
// the nearest trusted proxy appended to X-Forwarded-For. Entries a client wrote itself sit to
// the left of those and are never believed.
import { createHash } from 'node:crypto';
import type { Context } from 'hono';

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

/** The peer's address from @hono/node-server's bindings; undefined elsewhere. */
function peerAddress(c: Context): string | undefined {
  const env = c.env as (NodeBindings & { server?: NodeBindings }) | undefined;
  const bindings = env?.server ?? env;
  return bindings?.incoming?.socket?.remoteAddress;
}

/**
 * The client's address. With `trustProxyHops` = n > 0, the n-th entry from the right of
 * X-Forwarded-For (what the outermost trusted proxy saw); when the header has fewer entries, the
 * leftmost. Without a peer address (in-process requests) the answer is "unknown".
 */
export function clientIp(c: Context, trustProxyHops: number): string {
  if (trustProxyHops > 0) {
    const forwarded = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const entry = forwarded[Math.max(0, forwarded.length - trustProxyHops)];
    if (entry) return entry;
  }
  return peerAddress(c) ?? 'unknown';
}

/** The rate-limit bucket of an address: a hash, so the database never holds addresses. */
export function ipBucket(ip: string): string {
  return `ip:${createHash('sha256').update(ip).digest('base64url').slice(0, 22)}`;
}
