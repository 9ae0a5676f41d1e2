// First: on /h/{token} this swaps the shell for the replay page and starts its downloads.
import './share/boot.ts';
import './app/holo-app.ts';
import { registerServiceWorker } from './app/sw-update.ts';

// The service worker exists only in production builds; in dev it would cache the dev server.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  registerServiceWorker('/sw.js', (apply) => {
    document.querySelector('holo-app')?.offerUpdate(apply);
  });
}
