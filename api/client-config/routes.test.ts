// GET /api/client-config in process: what the PWA is told about Firebase with and without the
// Auth Emulator, and where a browser reaches the emulator.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { clientConfigRoutes, emulatorOrigin } from './routes.ts';

describe('GET /api/client-config', () => {
  it('names the emulator and emulator-ready defaults on the embedded configuration', async () => {
    const config = loadConfig({ FIREBASE_AUTH_EMULATOR_HOST: '127.0.0.1:9099' });
    const res = await clientConfigRoutes({
      auth: config.auth,
      firebaseWeb: config.firebaseWeb,
    }).request('/api/client-config');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.json()).toEqual({
      firebase: {
        apiKey: 'demo-key',
        authDomain: 'demo-holograms.firebaseapp.com',
        projectId: 'demo-holograms',
      },
      authEmulatorUrl: 'http://127.0.0.1:9099',
    });
  });

  it('gives production values from the environment and no emulator', async () => {
    const config = loadConfig({
      FIREBASE_PROJECT_ID: 'holograms-prod',
      FIREBASE_WEB_API_KEY: 'AIzaSyExample',
      FIREBASE_AUTH_DOMAIN: 'holograms.media',
    });
    const res = await clientConfigRoutes({
      auth: config.auth,
      firebaseWeb: config.firebaseWeb,
    }).request('/api/client-config');
    expect(await res.json()).toEqual({
      firebase: {
        apiKey: 'AIzaSyExample',
        authDomain: 'holograms.media',
        projectId: 'holograms-prod',
      },
    });
  });

  it('falls back to emulator-ready values when the app was built without web settings', async () => {
    const res = await clientConfigRoutes({
      auth: { projectId: 'demo-x', emulatorHost: undefined },
    }).request('/api/client-config');
    expect(await res.json()).toEqual({
      firebase: { apiKey: 'demo-key', authDomain: 'demo-x.firebaseapp.com', projectId: 'demo-x' },
    });
  });
});

describe('emulatorOrigin', () => {
  it('keeps a reachable host and maps wildcard binds to the loopback address', () => {
    expect(emulatorOrigin('127.0.0.1:9099')).toBe('http://127.0.0.1:9099');
    expect(emulatorOrigin('localhost:9099')).toBe('http://localhost:9099');
    expect(emulatorOrigin('0.0.0.0:9099')).toBe('http://127.0.0.1:9099');
    expect(emulatorOrigin('[::]:9099')).toBe('http://127.0.0.1:9099');
  });
});
