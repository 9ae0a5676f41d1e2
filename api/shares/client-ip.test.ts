// Client addresses for the public rate limit: the peer, or X-Forwarded-For as far as the
// configured proxies vouch for it; buckets hold a hash, never the address.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientIp, ipBucket } from './client-ip.ts';

async function ipOf(hops: number, headers: Record<string, string>, peer?: string) {
  const app = new Hono();
  app.get('/', (c) => c.text(clientIp(c, hops)));
  const env = peer ? { incoming: { socket: { remoteAddress: peer } } } : undefined;
  return (await app.request('/', { headers }, env)).text();
}

describe('clientIp', () => {
  it('uses the peer and ignores X-Forwarded-For when no proxy is trusted', async () => {
    expect(await ipOf(0, { 'X-Forwarded-For': '1.2.3.4' }, '10.0.0.9')).toBe('10.0.0.9');
    expect(await ipOf(0, {})).toBe('unknown');
  });

  it('takes the entry the outermost trusted proxy appended', async () => {
    expect(await ipOf(1, { 'X-Forwarded-For': '6.6.6.6, 203.0.113.9' }, '10.0.0.1')).toBe(
      '203.0.113.9',
    );
    expect(await ipOf(2, { 'X-Forwarded-For': '6.6.6.6, 203.0.113.9, 10.1.1.1' }, '10.0.0.1')).toBe(
      '203.0.113.9',
    );
    expect(await ipOf(3, { 'X-Forwarded-For': '203.0.113.9' }, '10.0.0.1')).toBe('203.0.113.9');
    expect(await ipOf(1, {}, '10.0.0.1')).toBe('10.0.0.1');
  });

  it('hashes addresses into buckets', () => {
    expect(ipBucket('203.0.113.9')).toMatch(/^ip:[A-Za-z0-9_-]{22}$/);
    expect(ipBucket('203.0.113.9')).not.toContain('203');
    expect(ipBucket('203.0.113.9')).not.toBe(ipBucket('203.0.113.10'));
  });
});
