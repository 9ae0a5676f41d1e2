// Where the API lives. Same origin by default (the API serves the app, and the dev server proxies
// /api); a build for a separate host (Firebase Hosting in front of an API elsewhere) sets
// VITE_API_BASE, e.g. `https://api.holograms.media`.

const base = String(import.meta.env.VITE_API_BASE ?? '').replace(/\/+$/, '');

/** The URL of an API path such as `/api/health`. */
export function apiUrl(path: string): string {
  return `${base}${path}`;
}
