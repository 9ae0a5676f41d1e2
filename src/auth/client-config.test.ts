// The client configuration loader against the real route handler (no network): fresh answers
// are cached, the cache carries an offline start, and nothing usable is a clear error.
import { describe, expect, it } from 'vitest';
import { clientConfigRoutes } from '../../api/client-config/routes.ts';
import {
  CLIENT_CONFIG_KEY,
  ClientConfigUnavailableError,
  type ConfigStorage,
  loadClientConfig,
  parseClientConfig,
} from './client-config.ts';

class MemoryStorage implements ConfigStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

const api = clientConfigRoutes({
  auth: { projectId: 'demo-client', emulatorHost: '127.0.0.1:9099' },
});
const online: typeof fetch = async (input, init) =>
  api.request(String(input), init as RequestInit | undefined);
const offline: typeof fetch = async () => {
  throw new TypeError('Failed to fetch');
};

const expected = {
  firebase: {
    apiKey: 'demo-key',
    authDomain: 'demo-client.firebaseapp.com',
    projectId: 'demo-client',
  },
  authEmulatorUrl: 'http://127.0.0.1:9099',
};

describe('loadClientConfig', () => {
  it('reads the API and caches what it said', async () => {
    const storage = new MemoryStorage();
    await expect(loadClientConfig(storage, online)).resolves.toEqual(expected);
    expect(JSON.parse(storage.getItem(CLIENT_CONFIG_KEY) ?? 'null')).toEqual(expected);
  });

  it('starts offline with the cached configuration', async () => {
    const storage = new MemoryStorage();
    await loadClientConfig(storage, online);
    await expect(loadClientConfig(storage, offline)).resolves.toEqual(expected);
  });

  it('prefers the cache over an answer that is not a configuration', async () => {
    const storage = new MemoryStorage();
    await loadClientConfig(storage, online);
    const broken: typeof fetch = async () => Response.json({ firebase: { apiKey: '' } });
    await expect(loadClientConfig(storage, broken)).resolves.toEqual(expected);
    const down: typeof fetch = async () => Response.json({ error: {} }, { status: 503 });
    await expect(loadClientConfig(storage, down)).resolves.toEqual(expected);
  });

  it('fails clearly offline on the very first start', async () => {
    await expect(loadClientConfig(new MemoryStorage(), offline)).rejects.toBeInstanceOf(
      ClientConfigUnavailableError,
    );
  });

  it('ignores a corrupt cache', async () => {
    const storage = new MemoryStorage();
    storage.setItem(CLIENT_CONFIG_KEY, '{not json');
    await expect(loadClientConfig(storage, offline)).rejects.toBeInstanceOf(
      ClientConfigUnavailableError,
    );
  });
});

describe('parseClientConfig', () => {
  it('accepts the documented shape with and without the emulator', () => {
    expect(parseClientConfig(expected)).toEqual(expected);
    expect(parseClientConfig({ firebase: expected.firebase })).toEqual({
      firebase: expected.firebase,
    });
  });

  it('rejects missing fields and an emulator URL with a path', () => {
    expect(parseClientConfig(null)).toBeNull();
    expect(parseClientConfig({ firebase: { apiKey: 'k', projectId: 'p' } })).toBeNull();
    expect(
      parseClientConfig({ firebase: expected.firebase, authEmulatorUrl: 'http://h:1/x' }),
    ).toBeNull();
    expect(parseClientConfig({ firebase: expected.firebase, authEmulatorUrl: 9099 })).toBeNull();
  });
});
