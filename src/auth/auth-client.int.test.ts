// The auth client with the real Firebase JS SDK against the real Auth Emulator (Node, memory
// persistence), its tokens checked by the API's own verifier: anonymous sign-in on demand,
// linking keeps the uid, email and Google sign-in, and every change of user is published.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createAuthVerifier } from '../../api/auth/firebase-auth.ts';
import { type AuthUser, FirebaseAuthClient } from './auth-client.ts';

const host = inject('authEmulatorHost');
const projectId = inject('firebaseProjectId');
const verifier = createAuthVerifier({
  projectId,
  emulatorHost: host,
  serviceAccountJson: undefined,
});
afterAll(() => verifier.close());

const newClient = () =>
  new FirebaseAuthClient({
    persistence: 'memory',
    loadConfig: async () => ({
      firebase: { apiKey: 'demo-key', authDomain: `${projectId}.firebaseapp.com`, projectId },
      authEmulatorUrl: `http://${host}`,
    }),
  });

const uniqueEmail = (name: string) =>
  `${name}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;

/** Collects what onChange publishes. */
function record(client: FirebaseAuthClient): (AuthUser | null)[] {
  const seen: (AuthUser | null)[] = [];
  client.onChange((user) => seen.push(user));
  return seen;
}

describe('FirebaseAuthClient against the Auth Emulator', () => {
  it('signs in anonymously only when asked, once for concurrent callers', async () => {
    const client = newClient();
    const seen = record(client);
    await expect(client.getIdToken()).resolves.toBeNull();
    expect(client.user).toBeNull();

    const sessions = await Promise.all([
      client.getSession({ signInAnonymously: true }),
      client.getSession({ signInAnonymously: true }),
      client.getSession({ signInAnonymously: true }),
    ]);
    const uid = sessions[0]?.uid;
    expect(uid).toMatch(/\S/);
    expect(sessions.map((s) => s?.uid)).toEqual([uid, uid, uid]);
    expect(client.user).toMatchObject({ uid, isAnonymous: true, email: null });

    const decoded = await verifier.verifyIdToken(sessions[0]?.token ?? '');
    expect(decoded.uid).toBe(uid);
    expect(decoded.firebase.sign_in_provider).toBe('anonymous');
    expect(seen.map((u) => u?.uid ?? null)).toEqual([null, uid]);
  });

  it('links an anonymous account to email/password with the same uid', async () => {
    const client = newClient();
    const seen = record(client);
    const anonymous = await client.getSession({ signInAnonymously: true });
    const email = uniqueEmail('link');
    const linked = await client.signUpWithEmail(email, 'correct horse 1');
    expect(linked).toEqual({ uid: anonymous?.uid, isAnonymous: false, email, displayName: null });
    expect(seen.at(-1)).toEqual(linked);

    const token = await client.getIdToken();
    const decoded = await verifier.verifyIdToken(token ?? '');
    expect(decoded.uid).toBe(anonymous?.uid);
    expect(decoded.email).toBe(email);
    expect(decoded.firebase.sign_in_provider).toBe('password');

    // The same account from another device: email sign-in lands on the same uid.
    const other = newClient();
    await expect(other.signInWithEmail(email, 'correct horse 1')).resolves.toMatchObject({
      uid: anonymous?.uid,
    });
  });

  it('publishes sign-out before it resolves and has no token afterwards', async () => {
    const client = newClient();
    const seen = record(client);
    const email = uniqueEmail('out');
    const user = await client.signUpWithEmail(email, 'pw-123456');
    expect(user.isAnonymous).toBe(false);
    await client.signOut();
    expect(seen.at(-1)).toBeNull();
    expect(client.user).toBeNull();
    await expect(client.getSession()).resolves.toBeNull();

    // Anonymous sign-in after sign-out is a new account, never the previous one.
    const next = await client.getSession({ signInAnonymously: true });
    expect(next?.uid).not.toBe(user.uid);
  });

  it('links an anonymous account to Google (the emulator identity) with the same uid', async () => {
    const client = newClient();
    expect(await client.usesEmulator()).toBe(true);
    const anonymous = await client.getSession({ signInAnonymously: true });
    const email = uniqueEmail('google');
    const linked = await client.signInWithGoogle({ email, displayName: 'Ada Lovelace' });
    expect(linked).toEqual({
      uid: anonymous?.uid,
      isAnonymous: false,
      email,
      displayName: 'Ada Lovelace',
    });
    const decoded = await verifier.verifyIdToken((await client.getIdToken()) ?? '');
    expect(decoded.firebase.sign_in_provider).toBe('google.com');

    // Signing in with the same Google identity elsewhere reaches the same account.
    const other = newClient();
    await expect(other.signInWithGoogle({ email })).resolves.toMatchObject({
      uid: anonymous?.uid,
    });
  });

  it('refuses an email that already has an account, keeping the anonymous user', async () => {
    const email = uniqueEmail('taken');
    await newClient().signUpWithEmail(email, 'pw-123456');
    const client = newClient();
    const anonymous = await client.getSession({ signInAnonymously: true });
    await expect(client.signUpWithEmail(email, 'pw-123456')).rejects.toMatchObject({
      code: 'auth/email-already-in-use',
    });
    expect(client.user).toMatchObject({ uid: anonymous?.uid, isAnonymous: true });
  });

  it('rejects when the configuration cannot be had, and starts once it can', async () => {
    let available = false;
    const client = new FirebaseAuthClient({
      persistence: 'memory',
      loadConfig: async () => {
        if (!available) throw new Error('offline');
        return {
          firebase: { apiKey: 'demo-key', authDomain: 'x.firebaseapp.com', projectId },
          authEmulatorUrl: `http://${host}`,
        };
      },
    });
    await expect(client.getIdToken({ signInAnonymously: true })).rejects.toThrow('offline');
    available = true;
    await expect(client.getIdToken({ signInAnonymously: true })).resolves.toMatch(/\S/);
  });
});
