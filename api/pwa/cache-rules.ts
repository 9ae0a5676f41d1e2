// Cache-Control for the built PWA, the same rules firebase.json gives Firebase Hosting (a test
// keeps the two in step): the service worker, its runtime, the manifest and the HTML shell are
// always revalidated so updates reach users; content-hashed assets are cached for a year.
export const NO_CACHE = 'no-cache';
export const IMMUTABLE = 'public, max-age=31536000, immutable';

export function cacheControlFor(urlPath: string): string {
  if (urlPath.startsWith('/assets/')) return IMMUTABLE;
  return NO_CACHE;
}
