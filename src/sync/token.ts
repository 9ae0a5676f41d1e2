// Reads the uid a Firebase ID token was issued to (its `sub` claim), without verifying it: the
// sync engine checks that a token belongs to a queue's owner before it sends that queue, so a
// sign-out or account switch between two requests can never upload one account's recordings
// into another. The server verifies the token itself.

/** The token's `sub` (the Firebase uid), or null when it is not a readable JWT. */
export function tokenUid(token: string): string | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(padded), (ch) => ch.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof claims !== 'object' || claims === null) return null;
    const sub = (claims as { sub?: unknown }).sub;
    return typeof sub === 'string' && sub.length > 0 ? sub : null;
  } catch {
    return null;
  }
}
