// What the browser tests share when they start: the built app served by the real API with the
// global setup's Auth Emulator, and the errors a page reports while a test drives it.
import type { Page } from 'playwright-core';
import { inject } from 'vitest';
import { type AppServer, startAppServer } from './app-server.ts';

/** The API serving `staticDir` (by default the PWA the global setup built), signing in with the
 * harness's Auth Emulator. */
export function startBuiltApp(staticDir: string = inject('pwaDir')): Promise<AppServer> {
  return startAppServer({
    staticDir,
    authEmulatorHost: inject('authEmulatorHost'),
    projectId: inject('firebaseProjectId'),
  });
}

/**
 * The page's uncaught exceptions and, with `console`, its console errors, in an array that fills
 * as they happen.
 */
export function collectErrors(page: Page, { console = false } = {}): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (console) {
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
  }
  return errors;
}
