// Runs first on every page load (imported by src/main.ts before the app shell): on /h/{token}
// it swaps the shell for the replay page and starts downloading the shared hologram at once,
// while the page's own code is still loading, so the first frame comes fast. It also keeps the
// browser's install offer (beforeinstallprompt) for the page's invitation.
import { initialLang } from '../app/i18n.ts';
import { ShareLoader } from './loader.ts';
import { replayToken } from './route.ts';

/** Chromium's install offer (not in TypeScript's DOM types). */
interface InstallPromptEvent extends Event {
  prompt(): Promise<void>;
}

/** The browser's offer to install the app, kept until the page asks for it. */
export const installPrompt = {
  event: null as InstallPromptEvent | null,
  /** Called when the offer comes or goes. */
  onChange: null as ((available: boolean) => void) | null,
  get available(): boolean {
    return this.event !== null;
  },
  /** Shows the browser's install dialog; the offer is used up either way. */
  async prompt(): Promise<void> {
    const event = this.event;
    if (!event) return;
    this.event = null;
    this.onChange?.(false);
    await event.prompt();
  },
};

/** The download started for this page, if it is a replay page. */
export let bootLoader: ShareLoader | null = null;

/**
 * Resolves when the browser's audio output has started, or after `limitMs`. A browser's first
 * AudioContext blocks the page while the browser starts its audio service (50–200 ms on a slow
 * machine); listing the devices starts that service without blocking, during the downloads, so
 * the replay's AudioContext made after it is quick.
 */
function startAudioOutput(limitMs = 500): Promise<void> {
  const listed = navigator.mediaDevices?.enumerateDevices().then(
    () => {},
    () => {},
  );
  return Promise.race([listed, new Promise<void>((resolve) => setTimeout(resolve, limitMs))]);
}

/** Awaited by the replay before it makes its AudioContext. */
export let audioOutputStarted: Promise<void> = Promise.resolve();

const token = typeof location === 'undefined' ? null : replayToken(location.pathname);
if (token) {
  performance.mark('holo-replay-boot');
  bootLoader = new ShareLoader(token);
  audioOutputStarted = startAudioOutput();
  // The page's first localStorage read waits for the browser to hand over the site's storage (a
  // synchronous call, up to 20 ms on a busy machine). Made here, in a task of its own, it is not
  // part of the replay's first render, which reads the stored language.
  setTimeout(initialLang);
  window.addEventListener('beforeinstallprompt', (e) => {
    e.preventDefault();
    installPrompt.event = e as InstallPromptEvent;
    installPrompt.onChange?.(true);
  });
  window.addEventListener('appinstalled', () => {
    installPrompt.event = null;
    installPrompt.onChange?.(false);
  });
  const page = document.createElement('holo-replay');
  page.setAttribute('token', token);
  const shell = document.querySelector('holo-app');
  if (shell) shell.replaceWith(page);
  else document.body.append(page);
  void import('./holo-replay.ts');
}
