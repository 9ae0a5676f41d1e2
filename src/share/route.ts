// The replay page's address: /h/{token}, where the token is what the server hands out
// (32 characters of [A-Za-z0-9_-]). Pure, so the router and the tests share it.

const REPLAY_PATH = /^\/h\/([A-Za-z0-9_-]{1,200})\/?$/;

/** The token of a replay page path, or null for any other path. */
export function replayToken(pathname: string): string | null {
  return REPLAY_PATH.exec(pathname)?.[1] ?? null;
}

/** The public API paths of a shared hologram. */
export const publicPaths = {
  manifest: (token: string) => `/api/public/shares/${encodeURIComponent(token)}`,
  part: (token: string, seq: number, kind: 'audio' | 'frames') =>
    `/api/public/shares/${encodeURIComponent(token)}/chunks/${seq}/${kind}`,
};

/** The link people share: the replay page on the app's origin. */
export function shareLink(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, '')}/h/${encodeURIComponent(token)}`;
}
