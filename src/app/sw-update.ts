// Registers the service worker with an update prompt rather than silent updates: the generated
// worker (registerType 'prompt') waits until the page asks it to take over, so a running
// recording is never swapped out from under the user.
import { Workbox } from 'workbox-window';

/** Activates the waiting update; the page reloads once the new worker has control. */
export type ApplyUpdate = () => void;

/**
 * Registers `url` and calls `onUpdate` whenever a new version is installed and waiting.
 * Registration failures are logged, not thrown: the app works without a service worker.
 */
export function registerServiceWorker(url: string, onUpdate: (apply: ApplyUpdate) => void): void {
  const wb = new Workbox(url);
  wb.addEventListener('waiting', () => {
    onUpdate(() => {
      wb.addEventListener('controlling', () => window.location.reload());
      wb.messageSkipWaiting();
    });
  });
  wb.register().catch((error: unknown) => {
    console.warn('Service worker registration failed; continuing without offline support.', error);
  });
}
