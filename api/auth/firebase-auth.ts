// Verifies Firebase ID tokens with firebase-admin. Against the Auth Emulator when
// FIREBASE_AUTH_EMULATOR_HOST is set (firebase-admin reads that variable itself), against
// Google's public keys in production. Each instance gets its own named admin app, so tests can
// hold several side by side.
import { randomUUID } from 'node:crypto';
import { type App, cert, deleteApp, initializeApp } from 'firebase-admin/app';
import { type DecodedIdToken, getAuth } from 'firebase-admin/auth';
import type { AuthConfig } from '../config.ts';

export interface AuthVerifier {
  readonly projectId: string;
  readonly emulatorHost: string | undefined;
  /** Verifies signature, audience, expiry and (by default) revocation/disabled state. */
  verifyIdToken(token: string, checkRevoked?: boolean): Promise<DecodedIdToken>;
  /** Throws when tokens cannot currently be verified (health check). */
  check(): Promise<void>;
  close(): Promise<void>;
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

  return {
    projectId: config.projectId,
    emulatorHost: config.emulatorHost,
    verifyIdToken: (token, checkRevoked = true) => auth.verifyIdToken(token, checkRevoked),
    async check() {
      const url = config.emulatorHost ? `http://${config.emulatorHost}/` : GOOGLE_KEYS_URL;
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    },
    close: () => deleteApp(app),
  };
}
