// The public Firebase web configuration the app needs before it can sign anyone in, read from
// `GET /api/client-config` and cached in localStorage so the app also starts offline with the
// last configuration it saw. Pure apart from the injected fetch and storage, so it runs in Node.
import { apiUrl } from '../app/api-url.ts';

/** What `GET /api/client-config` answers. */
export interface ClientConfig {
  readonly firebase: {
    readonly apiKey: string;
    readonly authDomain: string;
    readonly projectId: string;
  };
  /** Base URL of the Firebase Auth Emulator (e.g. `http://127.0.0.1:9099`), when it is in use. */
  readonly authEmulatorUrl?: string;
}

/** The localStorage key under which the last good configuration is kept. */
export const CLIENT_CONFIG_KEY = 'holo.clientConfig';

/** How long the app waits for the API before it falls back to the cached configuration. */
export const CLIENT_CONFIG_TIMEOUT_MS = 4000;

/** Neither the API nor the cache could provide a configuration (offline on first start). */
export class ClientConfigUnavailableError extends Error {
  override name = 'ClientConfigUnavailableError';
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** The configuration in `body`, or null when it does not have the documented shape. */
export function parseClientConfig(body: unknown): ClientConfig | null {
  if (!isRecord(body) || !isRecord(body.firebase)) return null;
  const { apiKey, authDomain, projectId } = body.firebase;
  if (!nonEmpty(apiKey) || !nonEmpty(authDomain) || !nonEmpty(projectId)) return null;
  const firebase = { apiKey, authDomain, projectId };
  const emulator = body.authEmulatorUrl;
  if (emulator === undefined) return { firebase };
  if (!nonEmpty(emulator) || !/^https?:\/\/[^/]+$/.test(emulator)) return null;
  return { firebase, authEmulatorUrl: emulator };
}

/** The part of `Storage` the cache uses. */
export type ConfigStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The cached configuration, or null when there is none (or it is unreadable). */
export function readCachedConfig(storage: ConfigStorage): ClientConfig | null {
  try {
    const raw = storage.getItem(CLIENT_CONFIG_KEY);
    return raw === null ? null : parseClientConfig(JSON.parse(raw));
  } catch {
    return null;
  }
}

/**
 * Asks the API for the configuration and caches it; falls back to the cached one when the API
 * cannot be reached or answers nonsense. Throws ClientConfigUnavailableError when neither exists.
 */
export async function loadClientConfig(
  storage: ConfigStorage,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = CLIENT_CONFIG_TIMEOUT_MS,
): Promise<ClientConfig> {
  let fresh: ClientConfig | null = null;
  try {
    const response = await fetchImpl(apiUrl('/api/client-config'), {
      headers: { accept: 'application/json' },
      cache: 'no-store',
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.ok) fresh = parseClientConfig(await response.json());
  } catch {
    // Offline or the API is down: the cached configuration below is what we have.
  }
  if (fresh) {
    try {
      storage.setItem(CLIENT_CONFIG_KEY, JSON.stringify(fresh));
    } catch {
      // Storage full or blocked: the app still works online, it just cannot start offline.
    }
    return fresh;
  }
  const cached = readCachedConfig(storage);
  if (cached) return cached;
  throw new ClientConfigUnavailableError(
    'The sign-in configuration is not available: connect once so the app can fetch it',
  );
}
