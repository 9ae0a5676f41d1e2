// Sign-in in Debian Chromium against the built app served by the real API and the real Firebase
// Auth Emulator (through the page's CSP and cross-origin isolation): anonymous sign-in on demand,
// linking the guest to email keeps the uid and the guest's holograms, email sign-up/sign-in,
// Google (the emulator's identity), sign-out, a session that survives a reload, and the API
// accepting every token. "My holograms" lists, renames and deletes on the server.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppServer } from './harness/app-server.ts';
import { collectErrors, startBuiltApp } from './harness/browser-test.ts';
import { launchChromium } from './harness/chromium.ts';

let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  server = await startBuiltApp();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const uniqueEmail = (name: string) =>
  `${name}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;

interface Session {
  uid: string;
  token: string;
}

/** A fresh browser profile on the app, with errors collected. */
async function openApp(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  const errors = collectErrors(page, { console: true });
  await page.goto(`${server.url}/`);
  await expect.poll(() => accountStatus(page)).toMatch(/Not signed in|Guest|Signed in/);
  return { context, page, errors };
}

const accountStatus = (page: Page) =>
  page
    .locator('holo-account [role=status]')
    .first()
    .textContent({ timeout: 1000 })
    .catch(() => '');

/** Asks the app's own auth client (the one uploads use) for a session. */
function session(page: Page, signInAnonymously = false): Promise<Session | null> {
  return page.evaluate(async (anonymous) => {
    // The account panel's code loads when the page is idle.
    await customElements.whenDefined('holo-account');
    const account = document.querySelector('holo-app')?.shadowRoot?.querySelector('holo-account');
    if (!account) throw new Error('no <holo-account>');
    return account.client.getSession({ signInAnonymously: anonymous });
  }, signInAnonymously);
}

/** Calls the API from the page with a bearer token; answers status and JSON body. */
function api(page: Page, method: string, path: string, token: string, body?: unknown) {
  return page.evaluate(
    async ({ method, path, token, body }) => {
      const res = await fetch(path, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
    },
    { method, path, token, body },
  );
}

async function fillForm(page: Page, fields: Record<string, string>, submit: string) {
  const form = page.locator('holo-account form');
  for (const [label, value] of Object.entries(fields)) {
    await form.getByLabel(label, { exact: true }).fill(value);
  }
  await form.getByRole('button', { name: submit }).click();
}

describe('signing in', () => {
  it('signs in anonymously on demand, links the guest to email with the same uid and holograms', async () => {
    const { context, page, errors } = await openApp();
    expect(await accountStatus(page)).toContain('Not signed in');
    await expect(session(page)).resolves.toBeNull();

    const guest = (await session(page, true)) as Session;
    expect(guest.uid).toMatch(/\S/);
    await expect.poll(() => accountStatus(page)).toBe('Guest account');
    expect(await page.locator('holo-account .uid').textContent()).toBe(`Account ID: ${guest.uid}`);

    // The guest's hologram, created through the API with the guest's token.
    const id = crypto.randomUUID();
    const meta = {
      title: 'Train, no signal',
      createdAt: '2026-03-01T08:00:00Z',
      durationMs: 12_000,
      sampleRate: 48_000,
      channels: 1,
      complete: true,
    };
    expect((await api(page, 'PUT', `/api/v1/holograms/${id}`, guest.token, meta)).status).toBe(201);

    const email = uniqueEmail('guest');
    await page.locator('holo-account').getByRole('button', { name: 'Save with email' }).click();
    await fillForm(page, { Email: email, Password: 'correct horse 1' }, 'Save to this account');
    await expect.poll(() => accountStatus(page)).toBe(`Signed in as ${email}`);
    expect(await page.locator('holo-account .uid').textContent()).toBe(`Account ID: ${guest.uid}`);

    const linked = (await session(page)) as Session;
    expect(linked.uid).toBe(guest.uid);
    expect(linked.token).not.toBe(guest.token);
    const got = await api(page, 'GET', `/api/v1/holograms/${id}`, linked.token);
    expect(got).toMatchObject({ status: 200, body: { id, title: 'Train, no signal' } });

    // "My holograms" shows it as synced.
    const row = page.locator(`holo-holograms li[data-id="${id}"]`);
    await expect
      .poll(() => row.getAttribute('data-state', { timeout: 1000 }).catch(() => null))
      .toBe('synced');
    expect(await row.textContent()).toContain('Train, no signal');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('signs up and in with email, keeps the session across a reload, and signs out', async () => {
    const { context, page, errors } = await openApp();
    const email = uniqueEmail('ada');
    await page.locator('holo-account').getByRole('button', { name: 'Create account' }).click();
    await fillForm(page, { Email: email, Password: 'pw-123456' }, 'Create account');
    await expect.poll(() => accountStatus(page)).toBe(`Signed in as ${email}`);
    const first = (await session(page)) as Session;
    expect((await api(page, 'GET', '/api/v1/holograms', first.token)).status).toBe(200);

    await page.reload();
    await expect.poll(() => accountStatus(page)).toBe(`Signed in as ${email}`);
    expect((await session(page))?.uid).toBe(first.uid);

    await page.locator('holo-account').getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => accountStatus(page)).toContain('Not signed in');
    await expect(session(page)).resolves.toBeNull();
    // The old token no longer belongs to a signed-in user here; a new guest is a new uid.
    expect((await session(page, true))?.uid).not.toBe(first.uid);

    // Wrong password, then the right one.
    const other = await openApp();
    await other.page
      .locator('holo-account')
      .getByRole('button', { name: 'Sign in', exact: true })
      .click();
    await fillForm(other.page, { Email: email, Password: 'wrong-pass' }, 'Sign in');
    await expect
      .poll(() =>
        other.page
          .locator('holo-account [role=alert]')
          .textContent({ timeout: 1000 })
          .catch(() => ''),
      )
      .toBe('Wrong email or password.');
    await other.page.locator('holo-account form').getByLabel('Password').fill('pw-123456');
    await other.page.locator('holo-account form').getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => accountStatus(other.page)).toBe(`Signed in as ${email}`);
    const again = (await session(other.page)) as Session;
    expect(again.uid).toBe(first.uid);
    expect((await api(other.page, 'GET', '/api/v1/holograms', again.token)).status).toBe(200);
    expect([...errors, ...other.errors].filter((e) => !e.includes('400'))).toEqual([]);
    await other.context.close();
    await context.close();
  });

  it('links a guest to Google (the emulator identity) and the API accepts its token', async () => {
    const { context, page } = await openApp();
    const guest = (await session(page, true)) as Session;
    await expect.poll(() => accountStatus(page)).toBe('Guest account');
    const email = uniqueEmail('grace');
    await page.locator('holo-account').getByRole('button', { name: 'Link Google' }).click();
    await fillForm(page, { Email: email, Name: 'Grace Hopper' }, 'Continue with Google');
    await expect.poll(() => accountStatus(page)).toBe(`Signed in as ${email}`);
    const google = (await session(page)) as Session;
    expect(google.uid).toBe(guest.uid);
    const claims = JSON.parse(
      Buffer.from(google.token.split('.')[1] ?? '', 'base64url').toString(),
    ) as { firebase: { sign_in_provider: string } };
    expect(claims.firebase.sign_in_provider).toBe('google.com');
    expect((await api(page, 'GET', '/api/v1/holograms', google.token)).status).toBe(200);
    await context.close();
  });
});

describe('My holograms', () => {
  it('renames and deletes a server hologram', async () => {
    const { context, page, errors } = await openApp();
    const me = (await session(page, true)) as Session;
    const id = crypto.randomUUID();
    await api(page, 'PUT', `/api/v1/holograms/${id}`, me.token, {
      title: 'Before',
      createdAt: '2026-03-02T08:00:00Z',
      durationMs: 4000,
      sampleRate: 48_000,
      channels: 2,
      complete: true,
    });
    // Made "on another device": it shows when the app opens again.
    await page.reload();
    const row = page.locator(`holo-holograms li[data-id="${id}"]`);
    await expect.poll(() => row.count()).toBe(1);

    await row.getByRole('button', { name: 'Open' }).click();
    expect(await row.locator('.details').textContent()).toContain('48000 Hz · 2 ch');

    await row.getByRole('button', { name: 'Rename' }).click();
    await row.getByLabel('New title').fill('After');
    await row.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => row.locator('strong').textContent()).toBe('After');
    const renamed = await api(page, 'GET', `/api/v1/holograms/${id}`, me.token);
    expect(renamed.body).toMatchObject({ title: 'After', channels: 2, durationMs: 4000 });

    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => row.count()).toBe(0);
    expect(errors).toEqual([]);
    expect((await api(page, 'GET', `/api/v1/holograms/${id}`, me.token)).status).toBe(404);
    await context.close();
  });
});
