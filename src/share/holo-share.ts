// <holo-share hologram-id="…">: the owner's share panel for one hologram: make the link, copy
// it, hand it to the system's share sheet (Web Share API, where the browser has one), show it as
// a QR code for another screen, or stop sharing. Asked while offline (or before the hologram has
// reached the server), the wish is queued in localStorage and carried out when the device is
// online again — also when no panel is open, as long as the app runs. Used by the My-holograms
// list (src/holograms/) and usable on its own with any token source.
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { fill, initialLang, type Lang } from '../app/i18n.ts';
import { authClient } from '../auth/auth-client.ts';
import { SHARE_MESSAGES, type ShareMessages } from './messages.ts';
import { shareLink } from './route.ts';
import {
  type KeyValueStore,
  queued,
  ShareClient,
  ShareError,
  type ShareLink,
  type TokenSource,
} from './share-client.ts';

type Notice =
  | { kind: 'none' }
  | { kind: 'queued-create' }
  | { kind: 'queued-revoke' }
  | { kind: 'not-uploaded' }
  | { kind: 'signed-out' }
  | { kind: 'revoked' }
  | { kind: 'error'; message: string };

function browserStore(): KeyValueStore {
  try {
    if (globalThis.localStorage) return globalThis.localStorage;
  } catch {
    // storage disabled: fall through to memory
  }
  const memory = new Map<string, string>();
  return { getItem: (k) => memory.get(k) ?? null, setItem: (k, v) => void memory.set(k, v) };
}

const clients = new WeakMap<TokenSource, ShareClient>();

/** One client per token source, sharing the browser's queue. */
function clientFor(tokens: TokenSource): ShareClient {
  let client = clients.get(tokens);
  if (!client) {
    client = new ShareClient(tokens, browserStore());
    clients.set(tokens, client);
  }
  return client;
}

/** Token sources whose queue is already carried out on reconnecting. */
const syncing = new WeakSet<TokenSource>();

/** Tells open panels that the queue ran (so they refresh). */
const QUEUE_EVENT = 'holo-share-queue';

/**
 * Carries out queued shares with `tokens` now and whenever the device comes back online. Once per
 * token source (the shell and the first panel both ask), so a reconnection flushes the queue once.
 */
export function startShareSync(tokens: TokenSource = authClient): () => void {
  if (syncing.has(tokens)) return () => {};
  syncing.add(tokens);
  const flush = async () => {
    const results = await clientFor(tokens).flush();
    if (results.length > 0) window.dispatchEvent(new CustomEvent(QUEUE_EVENT));
  };
  window.addEventListener('online', flush);
  if (navigator.onLine) void flush();
  return () => {
    syncing.delete(tokens);
    window.removeEventListener('online', flush);
  };
}

@customElement('holo-share')
export class HoloShare extends LitElement {
  /** The hologram's id (its client UUID). */
  @property({ attribute: 'hologram-id' }) hologramId = '';

  /** The hologram's title, for the text the share sheet sends along. */
  @property({ attribute: 'hologram-title' }) hologramTitle = '';

  /** UI language, given by the shell. */
  @property() uiLang: Lang = initialLang();

  /** Where ID tokens come from (the app's auth client by default). */
  @property({ attribute: false }) auth: TokenSource = authClient;

  /** The active link, or null when the hologram is not shared (or not known yet). */
  @state() private link: ShareLink | null = null;
  @state() private busy = false;
  @state() private notice: Notice = { kind: 'none' };
  @state() private copied = false;
  /** The link as a QR code (a PNG data URL), made when the link is known. */
  @state() private qr: string | null = null;

  /** The link's full URL, or null when there is none. */
  get url(): string | null {
    return this.link ? shareLink(location.origin, this.link.token) : null;
  }

  private get m(): ShareMessages {
    return SHARE_MESSAGES[this.uiLang];
  }

  private get client(): ShareClient {
    return clientFor(this.auth);
  }

  /** The hologram the panel last loaded. */
  private loadedId = '';

  private readonly refresh = (): void => {
    void this.load();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    // From the first panel on, queued shares are carried out whenever the device is online.
    startShareSync(this.auth);
    window.addEventListener(QUEUE_EVENT, this.refresh);
    window.addEventListener('online', this.refresh);
    void this.load();
  }

  override disconnectedCallback(): void {
    window.removeEventListener(QUEUE_EVENT, this.refresh);
    window.removeEventListener('online', this.refresh);
    super.disconnectedCallback();
  }

  protected override updated(changed: Map<string, unknown>): void {
    // connectedCallback has loaded it already: the first render does not ask the server again.
    if (changed.has('hologramId') && this.hologramId !== this.loadedId) void this.load();
    if (changed.has('link')) void this.drawQr();
  }

  /** Shows what is queued for this hologram, and the link the server has. */
  private async load(): Promise<void> {
    if (!this.hologramId) return;
    this.loadedId = this.hologramId;
    const waiting = queued(browserStore(), this.hologramId);
    if (waiting) {
      this.notice = { kind: waiting.action === 'create' ? 'queued-create' : 'queued-revoke' };
    }
    if (!navigator.onLine) return;
    try {
      if (waiting) await this.client.flush();
      this.link = await this.client.get(this.hologramId);
      if (!queued(browserStore(), this.hologramId) && this.notice.kind.startsWith('queued')) {
        this.notice = { kind: 'none' };
      }
    } catch (err) {
      this.show(err);
    }
  }

  private async create(): Promise<void> {
    this.busy = true;
    try {
      this.link = await this.client.create(this.hologramId);
      this.notice = { kind: 'none' };
    } catch (err) {
      this.show(err, 'create');
    } finally {
      this.busy = false;
    }
  }

  private async revoke(): Promise<void> {
    this.busy = true;
    try {
      await this.client.revoke(this.hologramId);
      this.link = null;
      this.notice = { kind: 'revoked' };
    } catch (err) {
      this.show(err, 'revoke');
    } finally {
      this.busy = false;
    }
  }

  private show(err: unknown, action?: 'create' | 'revoke'): void {
    if (!(err instanceof ShareError)) {
      this.notice = { kind: 'error', message: err instanceof Error ? err.message : String(err) };
      return;
    }
    if (err.reason === 'signed-out') this.notice = { kind: 'signed-out' };
    else if (err.reason === 'not-uploaded') this.notice = { kind: 'not-uploaded' };
    else if (err.retry && action) {
      this.notice = { kind: action === 'create' ? 'queued-create' : 'queued-revoke' };
    } else this.notice = { kind: 'error', message: err.message };
  }

  private async copy(): Promise<void> {
    const url = this.url;
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      const input = this.renderRoot.querySelector('input');
      input?.select();
      document.execCommand('copy');
    }
    this.copied = true;
    setTimeout(() => {
      this.copied = false;
    }, 2000);
  }

  private async shareSheet(): Promise<void> {
    const url = this.url;
    if (!url || !('share' in navigator)) return;
    try {
      await navigator.share({
        title: this.hologramTitle || 'Holograms',
        text: fill(this.m.shareText, { title: this.hologramTitle || 'Holograms' }),
        url,
      });
    } catch {
      // The viewer closed the sheet.
    }
  }

  private async drawQr(): Promise<void> {
    const url = this.url;
    if (!url) {
      this.qr = null;
      return;
    }
    const { toDataURL } = await import('qrcode');
    this.qr = await toDataURL(url, {
      errorCorrectionLevel: 'M',
      margin: 2,
      width: 240,
      color: { dark: '#0b0b14', light: '#ffffff' },
    });
  }

  override render(): TemplateResult {
    const m = this.m;
    const url = this.url;
    return html`
      <section aria-label=${m.shareHeading}>
        ${
          url
            ? html`
              <label class="link">
                <span>${m.linkLabel}</span>
                <input type="url" readonly .value=${url} @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
              </label>
              <div class="actions">
                <button type="button" class="primary" @click=${() => this.copy()}>
                  ${this.copied ? m.copied : m.copy}
                </button>
                ${'share' in navigator ? html`<button type="button" @click=${() => this.shareSheet()}>${m.shareVia}</button>` : nothing}
                <button type="button" ?disabled=${this.busy} @click=${() => this.revoke()}>${m.revoke}</button>
              </div>
              ${this.qr ? html`<img class="qr" src=${this.qr} width="240" height="240" alt=${m.qrLabel} />` : nothing}
            `
            : html`<button
              type="button"
              class="primary"
              ?disabled=${this.busy || this.notice.kind === 'queued-create'}
              @click=${() => this.create()}
            >
              ${this.busy ? m.creating : m.createLink}
            </button>`
        }
        ${this.renderNotice()}
      </section>
    `;
  }

  private renderNotice(): TemplateResult | typeof nothing {
    const m = this.m;
    const n = this.notice;
    const text =
      n.kind === 'queued-create'
        ? m.queuedCreate
        : n.kind === 'queued-revoke'
          ? m.queuedRevoke
          : n.kind === 'not-uploaded'
            ? m.notUploaded
            : n.kind === 'signed-out'
              ? m.signInFirst
              : n.kind === 'revoked'
                ? m.revoked
                : n.kind === 'error'
                  ? fill(m.shareFailed, { message: n.message })
                  : '';
    return text ? html`<p class="notice" role="status">${text}</p>` : nothing;
  }

  static override styles = css`
    :host {
      display: block;
      color: var(--text, #ececf4);
      font: inherit;
    }
    .link {
      display: grid;
      gap: 0.25rem;
    }
    input {
      min-height: 2.75rem;
      padding: 0 0.5rem;
      font: inherit;
      color: inherit;
      background: #0b0b14;
      border: 1px solid var(--line, #2c2c44);
      border-radius: 0.5rem;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      margin: 0.75rem 0;
    }
    button {
      min-height: 2.75rem;
      padding: 0 1rem;
      font: inherit;
      color: inherit;
      background: transparent;
      border: 1px solid var(--line, #2c2c44);
      border-radius: 0.5rem;
      cursor: pointer;
    }
    button:disabled {
      cursor: progress;
      opacity: 0.7;
    }
    .primary {
      background: var(--focus, #ffd166);
      border-color: var(--focus, #ffd166);
      color: #0b0b14;
    }
    button:focus-visible,
    input:focus-visible {
      outline: 3px solid var(--focus, #ffd166);
      outline-offset: 2px;
    }
    .qr {
      display: block;
      background: #fff;
      border-radius: 0.5rem;
    }
    .notice {
      margin: 0.5rem 0 0;
      color: var(--muted, #b4b4c8);
    }
  `;
}

declare global {
  interface HTMLElementTagNameMap {
    'holo-share': HoloShare;
  }
}
