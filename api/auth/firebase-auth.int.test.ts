// firebase-admin verifying real ID tokens minted by the Firebase Auth Emulator.
import { getAuth } from 'firebase-admin/auth';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createUser, signInAnonymously } from '../../e2e/harness/firebase-users.ts';
import { createAuthVerifier } from './firebase-auth.ts';

const host = inject('authEmulatorHost');
const verifier = createAuthVerifier({
  projectId: inject('firebaseProjectId'),
  emulatorHost: host,
  serviceAccountJson: undefined,
});
afterAll(() => verifier.close());

describe('Firebase ID tokens from the Auth Emulator', () => {
  it('verifies an email user token', async () => {
    const email = `ada-${Date.now()}@example.com`;
    const user = await createUser(host, email, 'correct horse battery');
    const decoded = await verifier.verifyIdToken(user.idToken);
    expect(decoded.uid).toBe(user.uid);
    expect(decoded.email).toBe(email);
    expect(decoded.aud).toBe(inject('firebaseProjectId'));
  });

  it('verifies an anonymous user token', async () => {
    const user = await signInAnonymously(host);
    const decoded = await verifier.verifyIdToken(user.idToken);
    expect(decoded.uid).toBe(user.uid);
    expect(decoded.firebase.sign_in_provider).toBe('anonymous');
  });

  it('rejects a tampered token', async () => {
    const user = await signInAnonymously(host);
    const [header, payload] = user.idToken.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sub: string };
    claims.sub = 'someone-else';
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    await expect(verifier.verifyIdToken(forged)).rejects.toThrow();
  });

  it('rejects a token for another project', async () => {
    const other = createAuthVerifier({
      projectId: 'demo-some-other-project',
      emulatorHost: host,
      serviceAccountJson: undefined,
    });
    try {
      const user = await signInAnonymously(host);
      await expect(other.verifyIdToken(user.idToken)).rejects.toThrow(/aud|audience/i);
    } finally {
      await other.close();
    }
  });

  it('refuses tokens of a disabled user when revocation is checked', async () => {
    const user = await createUser(host, `bob-${Date.now()}@example.com`, 'pw-123456');
    const admin = await import('firebase-admin/app');
    const app = admin.initializeApp(
      { projectId: inject('firebaseProjectId') },
      `admin-${Date.now()}`,
    );
    try {
      await getAuth(app).updateUser(user.uid, { disabled: true });
      await expect(verifier.verifyIdToken(user.idToken, true)).rejects.toThrow(/disabled/i);
    } finally {
      await admin.deleteApp(app);
    }
  });

  // An instance that has seen the account may accept its tokens for up to the reuse bound after
  // a revocation; one that has not refuses at once.
  it('refuses revoked tokens: at once on a fresh instance, within the reuse bound on one that saw the account', async () => {
    const user = await createUser(host, `eve-${Date.now()}@example.com`, 'pw-123456');
    const reuseSeconds = 2;
    const warm = createAuthVerifier({
      projectId: inject('firebaseProjectId'),
      emulatorHost: host,
      serviceAccountJson: undefined,
      accountCacheSeconds: reuseSeconds,
    });
    const admin = await import('firebase-admin/app');
    const app = admin.initializeApp(
      { projectId: inject('firebaseProjectId') },
      `admin-revoke-${Date.now()}`,
    );
    try {
      await expect(warm.verifyIdToken(user.idToken)).resolves.toMatchObject({ uid: user.uid });
      // Revocation has one-second resolution: a token signed in during the same second stays valid.
      await new Promise((r) => setTimeout(r, 1_100));
      const revokedAt = Date.now();
      await getAuth(app).revokeRefreshTokens(user.uid);
      await expect(verifier.verifyIdToken(user.idToken)).rejects.toMatchObject({
        code: 'auth/id-token-revoked',
      });
      let refusedAfterMs = -1;
      while (Date.now() - revokedAt < (reuseSeconds + 2) * 1000) {
        const refused = await warm.verifyIdToken(user.idToken).then(
          () => false,
          (err: { code?: string }) => err.code === 'auth/id-token-revoked',
        );
        if (refused) {
          refusedAfterMs = Date.now() - revokedAt;
          break;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(refusedAfterMs).toBeGreaterThanOrEqual(0);
      expect(refusedAfterMs).toBeLessThanOrEqual(reuseSeconds * 1000 + 500);
    } finally {
      await admin.deleteApp(app);
      await warm.close();
    }
  });

  // The emulator's tokens are unsigned, so their claims can be rewritten, e.g. moved in time.
  const withClaims = (token: string, change: (now: number) => Record<string, number>) => {
    const [header, payload] = token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as object;
    const changed = { ...claims, ...change(Math.floor(Date.now() / 1000)) };
    return `${header}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.`;
  };

  it('tolerates clock skew: a token issued two minutes in our future is accepted', async () => {
    // Google-signed tokens get the same treatment (iat and auth_time are not compared with our
    // clock).
    const user = await signInAnonymously(host);
    const skewed = withClaims(user.idToken, (now) => ({
      iat: now + 120,
      auth_time: now + 120,
      exp: now + 3600,
    }));
    await expect(verifier.verifyIdToken(skewed, false)).resolves.toMatchObject({ uid: user.uid });
  });

  it('does not accept a token it verified once after that token expires', async () => {
    const user = await signInAnonymously(host);
    const expiresAt = Math.floor(Date.now() / 1000) + 2;
    const shortLived = withClaims(user.idToken, () => ({ exp: expiresAt }));
    await expect(verifier.verifyIdToken(shortLived)).resolves.toMatchObject({ uid: user.uid });
    await new Promise((r) => setTimeout(r, expiresAt * 1000 - Date.now() + 100));
    await expect(verifier.verifyIdToken(shortLived)).rejects.toMatchObject({
      code: 'auth/id-token-expired',
    });
  });

  it('reports the emulator healthy', async () => {
    await expect(verifier.check()).resolves.toBeUndefined();
  });
});
