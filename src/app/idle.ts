// Work that the first paint does not need (Firebase, the account and list views, three.js) runs
// in an idle period, so it never competes with the shell for the main thread.

/** Runs `task` in an idle period, at the latest after `timeoutMs` (Safari: a short timeout). */
export function whenIdle(task: () => void, timeoutMs = 2000): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: timeoutMs });
  else setTimeout(task, 200);
}
