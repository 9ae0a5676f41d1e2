// Who is signed in, and their Firebase ID token for the API. The Firebase JS SDK is imported
// lazily (its own chunk, loaded on first use, never in the first paint) with the configuration
// from `GET /api/client-config` (cached for offline starts), against the Auth Emulator when the
// API names one. Features depend on the small `AuthClient` interface; the account UI uses the
// richer `FirebaseAuthClient` (email, Google, linking, sign-out).
//
// Accounts never mix: the sync queue is keyed by `user.uid`, every change of user (sign-in,
// sign-out, linking) is published through `onChange`, and `getSession` returns a token together
// with the uid it belongs to, so a queue is only ever uploaded with its own account's token.

import type { FirebaseApp } from 'firebase/app';
import type { Auth, AuthCredential, User } from 'firebase/auth';
import { whenIdle } from '../app/idle.ts';
import { type ClientConfig, loadClientConfig } from './client-config.ts';

export interface AuthUser {
  uid: string;
  isAnonymous: boolean;
  email: string | null;
  displayName: string | null;
}

export interface AuthClient {
  readonly user: AuthUser | null;
  onChange(cb: (user: AuthUser | null) => void): () => void;
  /** ID token of the current user; with signInAnonymously, signs in anonymously first when nobody is. */
  getIdToken(opts?: {
    forceRefresh?: boolean;
    signInAnonymously?: boolean;
  }): Promise<string | null>;
}

/** An ID token and the uid of the account it was issued to. */
export interface AuthSession {
  readonly uid: string;
  readonly token: string;
}

/** A Google identity for the Auth Emulator, which accepts unsigned Google ID tokens. */
export interface EmulatorGoogleIdentity {
  readonly email: string;
  readonly displayName?: string;
}

type FirebaseAuthModule = typeof import('firebase/auth');

interface Ready {
  readonly fb: FirebaseAuthModule;
  readonly auth: Auth;
  readonly config: ClientConfig;
}

export interface FirebaseAuthClientOptions {
  /** Where the configuration comes from (default: the API, with the localStorage cache). */
  loadConfig?: () => Promise<ClientConfig>;
  /** Where the session is kept: the browser (IndexedDB, then localStorage) or memory (tests). */
  persistence?: 'browser' | 'memory';
}

const sameUser = (a: AuthUser | null, b: AuthUser | null): boolean =>
  a === b ||
  (a !== null &&
    b !== null &&
    a.uid === b.uid &&
    a.isAnonymous === b.isAnonymous &&
    a.email === b.email &&
    a.displayName === b.displayName);

const snapshot = (user: User | null): AuthUser | null =>
  user && {
    uid: user.uid,
    isAnonymous: user.isAnonymous,
    email: user.email,
    displayName: user.displayName,
  };

let appCounter = 0;

export class FirebaseAuthClient implements AuthClient {
  #user: AuthUser | null = null;
  #known = false;
  #starting: Promise<Ready> | null = null;
  #anonymous: Promise<User> | null = null;
  readonly #listeners = new Set<(user: AuthUser | null) => void>();
  readonly #loadConfig: () => Promise<ClientConfig>;
  readonly #persistence: 'browser' | 'memory';

  constructor(options: FirebaseAuthClientOptions = {}) {
    this.#loadConfig = options.loadConfig ?? (() => loadClientConfig(localStorage));
    this.#persistence = options.persistence ?? 'browser';
  }

  /** The signed-in user, or null (also while the saved session has not been restored yet). */
  get user(): AuthUser | null {
    return this.#user;
  }

  /** The signed-in user's uid (the key of their upload queue), or null. */
  get uid(): string | null {
    return this.#user?.uid ?? null;
  }

  /** Whether the saved session has been restored, so `user` is authoritative. */
  get known(): boolean {
    return this.#known;
  }

  /**
   * Calls `cb` once the saved session is restored and on every change of user after that
   * (sign-in, sign-out, linking, profile). Subscribing starts Firebase once the page is idle.
   */
  onChange(cb: (user: AuthUser | null) => void): () => void {
    this.#listeners.add(cb);
    if (this.#known) {
      queueMicrotask(() => {
        if (this.#listeners.has(cb)) cb(this.#user);
      });
    } else {
      whenIdle(() => this.#startInBackground());
    }
    return () => {
      this.#listeners.delete(cb);
    };
  }

  /** The user once the saved session is restored. Rejects when Firebase cannot start. */
  async ready(): Promise<AuthUser | null> {
    await this.#start();
    return this.#user;
  }

  /** Whether sign-in goes to the Firebase Auth Emulator (local development and tests). */
  async usesEmulator(): Promise<boolean> {
    return (await this.#start()).config.authEmulatorUrl !== undefined;
  }

  async getIdToken(
    opts: { forceRefresh?: boolean; signInAnonymously?: boolean } = {},
  ): Promise<string | null> {
    return (await this.getSession(opts))?.token ?? null;
  }

  /**
   * The current user's ID token with the uid it belongs to; with `signInAnonymously`, signs in
   * anonymously first when nobody is signed in, otherwise answers null then. Rejects when a token
   * cannot be had (offline with an expired token, Firebase unreachable).
   */
  async getSession(
    opts: { forceRefresh?: boolean; signInAnonymously?: boolean } = {},
  ): Promise<AuthSession | null> {
    const ready = await this.#start();
    let user = ready.auth.currentUser;
    if (!user) {
      if (!opts.signInAnonymously) return null;
      user = await this.#signInAnonymously(ready);
    }
    const token = await user.getIdToken(opts.forceRefresh ?? false);
    return { uid: user.uid, token };
  }

  /**
   * Creates an email/password account. An anonymous user is upgraded in place (same uid, so
   * their holograms stay theirs); otherwise a new account is created and signed in.
   */
  async signUpWithEmail(email: string, password: string): Promise<AuthUser> {
    const { fb, auth } = await this.#start();
    const current = auth.currentUser;
    if (current?.isAnonymous) {
      return this.#linked(fb, current, fb.EmailAuthProvider.credential(email, password));
    }
    return this.#settled((await fb.createUserWithEmailAndPassword(auth, email, password)).user);
  }

  /** Signs in to an existing email/password account (another uid than an anonymous one). */
  async signInWithEmail(email: string, password: string): Promise<AuthUser> {
    const { fb, auth } = await this.#start();
    return this.#settled((await fb.signInWithEmailAndPassword(auth, email, password)).user);
  }

  /**
   * Google sign-in. An anonymous user is linked (same uid). Against the Auth Emulator the
   * identity is given by the caller (the emulator's stand-in for Google's account chooser,
   * which accepts an unsigned ID token); against Firebase it opens Google's popup.
   */
  async signInWithGoogle(emulatorIdentity?: EmulatorGoogleIdentity): Promise<AuthUser> {
    const { fb, auth, config } = await this.#start();
    const current = auth.currentUser;
    if (config.authEmulatorUrl !== undefined) {
      if (!emulatorIdentity) throw new Error('The Auth Emulator needs a Google identity to use');
      const credential = fb.GoogleAuthProvider.credential(
        JSON.stringify({
          sub: `google-${emulatorIdentity.email.toLowerCase()}`,
          email: emulatorIdentity.email,
          email_verified: true,
          ...(emulatorIdentity.displayName ? { name: emulatorIdentity.displayName } : {}),
        }),
      );
      if (current?.isAnonymous) return this.#linked(fb, current, credential);
      return this.#settled((await fb.signInWithCredential(auth, credential)).user);
    }
    const provider = new fb.GoogleAuthProvider();
    const resolver = fb.browserPopupRedirectResolver;
    if (current?.isAnonymous) {
      return this.#afterLink(fb, (await fb.linkWithPopup(current, provider, resolver)).user);
    }
    return this.#settled((await fb.signInWithPopup(auth, provider, resolver)).user);
  }

  /** Signs out; subscribers hear `null` before this resolves. */
  async signOut(): Promise<void> {
    const { fb, auth } = await this.#start();
    await fb.signOut(auth);
    this.#publish(null);
  }

  #startInBackground(): void {
    this.#start().catch(() => {
      // Offline on the very first start (no cached configuration): try again once online.
      if (typeof window !== 'undefined') {
        window.addEventListener('online', () => this.#startInBackground(), { once: true });
      }
    });
  }

  #start(): Promise<Ready> {
    this.#starting ??= this.#init().catch((err: unknown) => {
      this.#starting = null;
      throw err;
    });
    return this.#starting;
  }

  async #init(): Promise<Ready> {
    const config = await this.#loadConfig();
    const [{ initializeApp }, fb] = await Promise.all([
      import('firebase/app'),
      import('firebase/auth'),
    ]);
    const app: FirebaseApp = initializeApp(config.firebase, `holograms-${++appCounter}`);
    // initializeAuth without a popup/redirect resolver: no Google iframe is loaded unless a
    // Google popup is really opened (the resolver is passed there).
    const auth = fb.initializeAuth(app, {
      persistence:
        this.#persistence === 'browser'
          ? [fb.indexedDBLocalPersistence, fb.browserLocalPersistence]
          : fb.inMemoryPersistence,
    });
    if (config.authEmulatorUrl !== undefined) {
      fb.connectAuthEmulator(auth, config.authEmulatorUrl, { disableWarnings: true });
    }
    await auth.authStateReady();
    // onIdTokenChanged (not onAuthStateChanged) also fires when an anonymous account is linked.
    fb.onIdTokenChanged(auth, (user) => this.#publish(snapshot(user)));
    this.#known = true;
    this.#user = snapshot(auth.currentUser);
    for (const cb of [...this.#listeners]) cb(this.#user);
    return { fb, auth, config };
  }

  #signInAnonymously({ fb, auth }: Ready): Promise<User> {
    // Several uploads may ask at once: they share one anonymous account.
    this.#anonymous ??= fb
      .signInAnonymously(auth)
      .then((credential) => {
        this.#publish(snapshot(credential.user));
        return credential.user;
      })
      .finally(() => {
        this.#anonymous = null;
      });
    return this.#anonymous;
  }

  async #linked(fb: FirebaseAuthModule, user: User, credential: AuthCredential): Promise<AuthUser> {
    return this.#afterLink(fb, (await fb.linkWithCredential(user, credential)).user);
  }

  async #afterLink(fb: FirebaseAuthModule, user: User): Promise<AuthUser> {
    // Linking keeps the (empty) profile of the anonymous account: take the provider's name.
    const providerName = user.providerData.find((p) => p.displayName)?.displayName;
    if (!user.displayName && providerName) {
      await fb.updateProfile(user, { displayName: providerName });
    }
    // A fresh token carries the new provider and email to the API.
    await user.getIdToken(true);
    return this.#settled(user);
  }

  #settled(user: User): AuthUser {
    const current = snapshot(user) as AuthUser;
    this.#publish(current);
    return current;
  }

  #publish(user: AuthUser | null): void {
    if (!this.#known || sameUser(user, this.#user)) return;
    this.#user = user;
    for (const cb of [...this.#listeners]) cb(user);
  }
}

/** The app's one auth client; Firebase starts on first use. */
export const authClient: FirebaseAuthClient = new FirebaseAuthClient();
