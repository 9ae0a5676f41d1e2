// What the global setups hand to tests through vitest's `inject()`.
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Real PostgreSQL 15 + pgvector, reached through the Neon driver's WebSocket proxy. */
    postgresUrl: string;
    postgresWsProxy: string;
    s3: {
      endpoint: string;
      region: string;
      bucket: string;
      accessKeyId: string;
      secretAccessKey: string;
    };
    /** host:port of the Firebase Auth Emulator. */
    authEmulatorHost: string;
    firebaseProjectId: string;
    /** The PWA built once for the browser tests. */
    pwaDir: string;
  }
}
