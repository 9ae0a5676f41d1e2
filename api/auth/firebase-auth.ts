// Verifies Firebase ID tokens with firebase-admin. Against the Auth Emulator when
// FIREBASE_AUTH_EMULATOR_HOST is set (firebase-admin reads that variable itself), against
// Google's public keys in production. Each instance gets its own named admin app, so tests can
// hold several side by side.
//
// Revoked and disabled accounts are refused like firebase-admin's `checkRevoked` does, but the
// account's state (disabled, tokens valid since) is reused for `accountCacheSeconds` instead of
// being fetched from Firebase on every request: that fetch was a network round trip per API
// call. The cost is a bounded delay: a revocation or a disabled account takes effect on every
// instance within that many seconds (0 turns the reuse off).
//
// A token's verified claims are also kept until the token expires, keyed by the whole token: a
// signature checked once stays checked, and a client sends the same token for up to an hour.
// (Against the emulator, firebase-admin's own verification asks the emulator about the account
// each time; this skips that too.) The account check above still runs on every request.
import { randomUUID } from 'node:crypto';
import { type App, cert, deleteApp, initializeApp } from 'firebase-admin/app';
import { type DecodedIdToken, getAuth } from 'firebase-admin/auth';
import { type AuthConfig, DEFAULT_ACCOUNT_CACHE_SECONDS } from '../config.ts';

export interface AuthVerifier {
  readonly projectId: string;
  readonly emulatorHost: string | undefined;
  /** Verifies signature, audience, expiry and (by default) revocation/disabled state. */
  verifyIdToken(token: string, checkRevoked?: boolean): Promise<DecodedIdToken>;
  /** Throws when tokens cannot currently be verified (health check). */
  check(): Promise<void>;
  close(): Promise<void>;
}

/** Raised with firebase-admin's own codes, so callers handle both the same way. */
export class AccountStateError extends Error {
  override name = 'AccountStateError';
  constructor(
    readonly code: 'auth/user-disabled' | 'auth/id-token-revoked',
    message: string,
  ) {
    super(message);
  }
}

interface AccountState {
  disabled: boolean;
  /** Tokens whose sign-in (auth_time) is before this instant are revoked; ms since epoch. */
  validSinceMs: number;
}

/** Accounts, and verified tokens, remembered at most; the oldest entries go first. */
const MAX_REMEMBERED = 10_000;

/** Adds `key` to `map`, dropping the oldest entry past MAX_REMEMBERED. */
function remember<K, V>(map: Map<K, V>, key: K, value: V) {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_REMEMBERED) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
}

const GOOGLE_KEYS_URL =
  'https://www.googleapis.com/robot/v1/metadata/x509/securetoken@system.gserviceaccount.com';

export function createAuthVerifier(config: AuthConfig): AuthVerifier {
  if (config.emulatorHost && process.env.FIREBASE_AUTH_EMULATOR_HOST !== config.emulatorHost) {
    // firebase-admin only looks at the environment variable.
    process.env.FIREBASE_AUTH_EMULATOR_HOST = config.emulatorHost;
  }
  const app: App = initializeApp(
    {
      projectId: config.projectId,
      ...(config.serviceAccountJson
        ? { credential: cert(JSON.parse(config.serviceAccountJson) as object) }
        : {}),
    },
    `holograms-${randomUUID()}`,
  );
  const auth = getAuth(app);
  const reuseMs = 1000 * (config.accountCacheSeconds ?? DEFAULT_ACCOUNT_CACHE_SECONDS);
  // uid → the state and when it was fetched; a pending fetch is shared by concurrent requests.
  const accounts = new Map<string, { fetchedAt: number; state: Promise<AccountState> }>();

  const fetchState = async (uid: string): Promise<AccountState> => {
    const user = await auth.getUser(uid);
    const validSince = user.tokensValidAfterTime ? Date.parse(user.tokensValidAfterTime) : 0;
    return { disabled: user.disabled, validSinceMs: Number.isFinite(validSince) ? validSince : 0 };
  };

  const accountState = (uid: string): Promise<AccountState> => {
    const now = Date.now();
    const known = accounts.get(uid);
    if (known && now - known.fetchedAt < reuseMs) return known.state;
    const state = fetchState(uid);
    accounts.delete(uid);
    if (reuseMs > 0) {
      remember(accounts, uid, { fetchedAt: now, state });
      // A failed fetch is not remembered: the next request asks again.
      state.catch(() => {
        if (accounts.get(uid)?.state === state) accounts.delete(uid);
      });
    }
    return state;
  };

  // token → its verified claims, until the token's expiry.
  const verified = new Map<string, DecodedIdToken>();
  const verifySignature = async (token: string): Promise<DecodedIdToken> => {
    const known = verified.get(token);
    if (known && Date.now() < known.exp * 1000) return known;
    if (known) verified.delete(token);
    const decoded = await auth.verifyIdToken(token, false);
    remember(verified, token, decoded);
    return decoded;
  };

  return {
    projectId: config.projectId,
    emulatorHost: config.emulatorHost,
    async verifyIdToken(token, checkRevoked = true) {
      const decoded = await verifySignature(token);
      if (!checkRevoked) return decoded;
      const state = await accountState(decoded.uid);
      if (state.disabled) {
        throw new AccountStateError('auth/user-disabled', 'The user account is disabled');
      }
      if (decoded.auth_time * 1000 < state.validSinceMs) {
        throw new AccountStateError('auth/id-token-revoked', 'The ID token has been revoked');
      }
      return decoded;
    },
    async check() {
      const url = config.emulatorHost ? `http://${config.emulatorHost}/` : GOOGLE_KEYS_URL;
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    },
    close: () => deleteApp(app),
  };
}
