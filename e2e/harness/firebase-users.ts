// Helpers for tests against the Firebase Auth Emulator: create users and get real ID tokens
// through the emulator's Identity Toolkit REST API (the same calls the JS SDK makes).
export interface EmulatorUser {
  uid: string;
  idToken: string;
  refreshToken: string;
  email?: string;
}

interface SignInResponse {
  localId: string;
  idToken: string;
  refreshToken: string;
  email?: string;
}

async function identityToolkit(
  host: string,
  method: string,
  body: object,
): Promise<SignInResponse> {
  const res = await fetch(
    `http://${host}/identitytoolkit.googleapis.com/v1/accounts:${method}?key=fake-api-key`,
    { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) },
  );
  const json = (await res.json()) as SignInResponse & { error?: { message: string } };
  if (!res.ok) throw new Error(`emulator accounts:${method} failed: ${json.error?.message}`);
  return json;
}

const toUser = (r: SignInResponse): EmulatorUser => ({
  uid: r.localId,
  idToken: r.idToken,
  refreshToken: r.refreshToken,
  ...(r.email ? { email: r.email } : {}),
});

export async function createUser(host: string, email: string, password: string) {
  return toUser(
    await identityToolkit(host, 'signUp', { email, password, returnSecureToken: true }),
  );
}

export async function signInWithPassword(host: string, email: string, password: string) {
  return toUser(
    await identityToolkit(host, 'signInWithPassword', { email, password, returnSecureToken: true }),
  );
}

export async function signInAnonymously(host: string) {
  return toUser(await identityToolkit(host, 'signUp', { returnSecureToken: true }));
}

/** Removes every account of the project (between tests). */
export async function clearUsers(host: string, projectId: string): Promise<void> {
  const res = await fetch(`http://${host}/emulator/v1/projects/${projectId}/accounts`, {
    method: 'DELETE',
  });
  if (!res.ok) throw new Error(`emulator clear accounts failed: ${res.status}`);
}
