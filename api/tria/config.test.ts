// Tria's settings as api/config.ts reads them from the environment.
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRIA, loadConfig } from '../config.ts';

describe('Tria configuration', () => {
  it('has no key (the local engine) and embedded defaults with an empty environment', () => {
    const c = loadConfig({}, '/x');
    expect(c.tria).toEqual(DEFAULT_TRIA);
    expect(c.tria).toMatchObject({
      apiKey: undefined,
      model: 'mistral-small-latest',
      embedModel: 'mistral-embed',
      timeoutMs: 30_000,
    });
    expect(c.limits.triaChatsPerMinute).toBe(20);
  });

  it('reads the key, models, server, timeout and chat limit', () => {
    const c = loadConfig(
      {
        MISTRAL_API_KEY: ' sk-test ',
        MISTRAL_MODEL: 'mistral-large-latest',
        MISTRAL_EMBED_MODEL: 'mistral-embed-2',
        MISTRAL_SERVER_URL: 'http://127.0.0.1:9999',
        TRIA_TIMEOUT_MS: '5000',
        TRIA_CHATS_PER_MINUTE: '3',
      },
      '/x',
    );
    expect(c.tria).toMatchObject({
      apiKey: 'sk-test',
      model: 'mistral-large-latest',
      embedModel: 'mistral-embed-2',
      serverUrl: 'http://127.0.0.1:9999',
      timeoutMs: 5000,
    });
    expect(c.limits.triaChatsPerMinute).toBe(3);
  });

  it('refuses a bad timeout, limit or server URL', () => {
    expect(() =>
      loadConfig({ TRIA_TIMEOUT_MS: '-1', TRIA_CHATS_PER_MINUTE: 'many', MISTRAL_SERVER_URL: 'x' }),
    ).toThrow(/TRIA_CHATS_PER_MINUTE[\s\S]*MISTRAL_SERVER_URL[\s\S]*TRIA_TIMEOUT_MS/);
  });
});
