// <holo-app>: the application shell. Brand, language switch, connectivity, API status and the
// service-worker update prompt, and the feature views: <holo-live> now; recording, sync, … later.
import { css, html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { fetchHealth, type HealthResult, type OverallStatus, orderedParts } from './health.ts';
import {
  applyDocumentLang,
  initialLang,
  LANG_NAMES,
  LANGS,
  type Lang,
  type MessageKey,
  saveLang,
  translate,
} from './i18n.ts';
import { whenIdle } from './idle.ts';
import { pageTheme, visuallyHidden } from './shared-styles.ts';
import type { ApplyUpdate } from './sw-update.ts';

type HealthView = { readonly kind: 'checking' } | HealthResult;

const OVERALL_MESSAGE: Readonly<Record<OverallStatus, MessageKey>> = {
  up: 'statusUp',
  degraded: 'statusDegraded',
  down: 'statusDown',
};

const PART_LABEL: Readonly<Record<string, MessageKey>> = {
  db: 'partDb',
  storage: 'partStorage',
  auth: 'partAuth',
};

@customElement('holo-app')
export class HoloApp extends LitElement {
  /** UI language: the stored choice or the browser's, changed with the RU/EN switch. */
  @state() private uiLang: Lang = initialLang();

  /** Whether the browser reports a network connection (`navigator.onLine`). */
  @state() private online = navigator.onLine;

  /** The latest answer of `GET /api/health`, or `checking` while a request is in flight. */
  @state() private health: HealthView = { kind: 'checking' };

  /** Activates a waiting service-worker update; null while there is no update to offer. */
  @state() private pendingUpdate: ApplyUpdate | null = null;

  /** Number of the latest health request, so a slow earlier answer cannot overwrite it. */
  private healthRequest = 0;

  /** Follows the browser's online/offline events, and re-checks the API on reconnecting. */
  private readonly onConnectivity = (): void => {
    this.online = navigator.onLine;
    if (this.online) void this.checkHealth();
  };

  /** Shows the "new version — reload" prompt; `apply` activates the update and reloads. */
  offerUpdate(apply: ApplyUpdate): void {
    this.pendingUpdate = apply;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The live view carries three.js; loading it after the shell keeps the first paint light.
    void import('../live/holo-live.ts');
    // The gesture panel; its worker and hand model load only when the camera is turned on.
    void import('../hands/holo-hands.ts');
    // Tria's chat (no three.js in it: it talks to the live view through the app bus).
    void import('../tria/tria-chat.ts');
    // The account panel and "My holograms" sit below the fold: each loads in its own idle task,
    // off the startup's long tasks (the auth client loads Firebase later still).
    whenIdle(() => void import('../holograms/holo-holograms.ts'));
    whenIdle(() => void import('../auth/holo-account.ts'));
    // The upload queue syncs whenever it can, whether or not anything is being recorded.
    void import('../sync/sync-service.ts').then((m) => m.startSync());
    // Shares asked for offline are made once the device is online, whether a panel is open or not.
    whenIdle(() => void import('../share/index.ts').then((m) => m.startShareSync()));
    window.addEventListener('online', this.onConnectivity);
    window.addEventListener('offline', this.onConnectivity);
    void this.checkHealth();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('online', this.onConnectivity);
    window.removeEventListener('offline', this.onConnectivity);
    super.disconnectedCallback();
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('uiLang')) applyDocumentLang(this.uiLang);
  }

  private t(key: MessageKey, params?: Record<string, string | number>): string {
    return translate(this.uiLang, key, params);
  }

  private chooseLang(lang: Lang): void {
    this.uiLang = lang;
    saveLang(lang);
  }

  private async checkHealth(): Promise<void> {
    const request = ++this.healthRequest;
    this.health = { kind: 'checking' };
    const result = await fetchHealth();
    if (request === this.healthRequest) this.health = result;
  }

  override render(): TemplateResult {
    const checking = this.health.kind === 'checking';
    return html`
      <header>
        <img class="mark" src="/favicon.svg" alt="" width="56" height="56" />
        <div>
          <h1>Holograms</h1>
          <p class="tagline">${this.t('tagline')}</p>
        </div>
      </header>

      <div class="bar">
        <div class="langs" role="group" aria-label=${this.t('languageLabel')}>
          ${LANGS.map(
            (lang) => html`
              <button
                type="button"
                lang=${lang}
                aria-pressed=${lang === this.uiLang ? 'true' : 'false'}
                @click=${() => this.chooseLang(lang)}
              >
                <span aria-hidden="true">${lang.toUpperCase()}</span>
                <span class="visually-hidden">${LANG_NAMES[lang]}</span>
              </button>
            `,
          )}
        </div>
        <p class="connectivity" role="status">
          <span class="dot ${this.online ? 'up' : 'down'}" aria-hidden="true"></span>
          ${this.online ? this.t('online') : this.t('offline')}
        </p>
      </div>

      <holo-live .uiLang=${this.uiLang}></holo-live>

      <holo-hands .uiLang=${this.uiLang}></holo-hands>

      <tria-chat .uiLang=${this.uiLang}></tria-chat>

      <holo-holograms .uiLang=${this.uiLang}></holo-holograms>
      <holo-account .uiLang=${this.uiLang}></holo-account>

      <section class="panel" aria-labelledby="status-heading" aria-busy=${checking ? 'true' : 'false'}>
        <h2 id="status-heading">${this.t('statusHeading')}</h2>
        <div role="status">${this.renderHealth()}</div>
        <button type="button" class="retry" ?disabled=${checking} @click=${() => this.checkHealth()}>
          ${this.t('statusRetry')}
        </button>
      </section>

      ${this.renderUpdatePrompt()}
    `;
  }

  private renderHealth(): TemplateResult {
    const health = this.health;
    switch (health.kind) {
      case 'checking':
        return html`<p><span class="dot checking" aria-hidden="true"></span>${this.t('statusChecking')}</p>`;
      case 'unreachable':
        return html`<p class="problem">${this.t('statusUnreachable')}</p>`;
      case 'invalid':
        return html`<p class="problem">${this.t('statusInvalid', { status: health.httpStatus })}</p>`;
      case 'ok': {
        const { status, version, parts } = health.health;
        return html`
          <p class="overall">
            <span class="dot ${status}" aria-hidden="true"></span>${this.t(OVERALL_MESSAGE[status])}
          </p>
          <ul class="parts">
            ${orderedParts(health.health).map((name) => {
              const label = PART_LABEL[name];
              const partStatus = parts[name]?.status ?? 'down';
              return html`
                <li>
                  <span>${label ? this.t(label) : name}</span>
                  <span class="state ${partStatus}">
                    <span class="dot ${partStatus}" aria-hidden="true"></span>
                    ${this.t(partStatus === 'up' ? 'partUp' : 'partDown')}
                  </span>
                </li>
              `;
            })}
          </ul>
          <p class="version">${this.t('statusVersion', { version })}</p>
        `;
      }
    }
  }

  private renderUpdatePrompt(): TemplateResult | typeof nothing {
    const apply = this.pendingUpdate;
    if (!apply) return nothing;
    return html`
      <aside class="update" role="status">
        <p>${this.t('updateAvailable')}</p>
        <button type="button" class="primary" @click=${apply}>${this.t('updateReload')}</button>
        <button type="button" @click=${() => (this.pendingUpdate = null)}>${this.t('updateLater')}</button>
      </aside>
    `;
  }

  static override styles = [
    pageTheme,
    visuallyHidden,
    css`
    :host {
      --up: #5ee398;
      --down: #ff8f8f;
      --degraded: #ffc857;
      padding: 2rem 1.25rem;
    }

    /* The live view fills the first screen; holding its place until its lazy chunk arrives
       keeps everything below from jumping (Lighthouse CLS). */
    holo-live:not(:defined) {
      display: block;
      min-height: 100vh;
    }

    header {
      display: flex;
      align-items: center;
      gap: 1rem;
    }

    h1 {
      margin: 0;
      font-size: 2.25rem;
      line-height: 1.1;
      letter-spacing: 0.01em;
    }

    .tagline {
      margin: 0.25rem 0 0;
      color: var(--muted);
    }

    .bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 1rem;
      margin: 2rem 0 1rem;
    }

    .langs {
      display: inline-flex;
      border: 1px solid var(--line);
      border-radius: 0.5rem;
      overflow: hidden;
    }

    .langs button {
      border: 0;
      border-radius: 0;
    }

    .langs button[aria-pressed='true'] {
      background: var(--text);
      color: #0b0b14;
    }

    .connectivity,
    .overall,
    .version {
      margin: 0;
    }

    holo-holograms,
    holo-account {
      display: block;
      margin: 1rem 0;
    }

    .panel {
      padding: 1.25rem;
      background: var(--panel);
      border: 1px solid var(--line);
      border-radius: 0.75rem;
    }

    h2 {
      margin: 0 0 0.75rem;
      font-size: 1.125rem;
    }

    .problem {
      color: var(--down);
    }

    .parts {
      margin: 0.75rem 0;
      padding: 0;
      list-style: none;
    }

    .parts li {
      display: flex;
      justify-content: space-between;
      gap: 1rem;
      padding: 0.375rem 0;
      border-top: 1px solid var(--line);
    }

    .state.up {
      color: var(--up);
    }

    .state.down {
      color: var(--down);
    }

    .version {
      color: var(--muted);
      font-size: 0.875rem;
    }

    .dot {
      display: inline-block;
      width: 0.625rem;
      height: 0.625rem;
      margin-right: 0.5rem;
      border-radius: 50%;
      background: var(--muted);
    }

    .dot.up {
      background: var(--up);
    }

    .dot.down {
      background: var(--down);
    }

    .dot.degraded {
      background: var(--degraded);
    }

    .dot.checking {
      animation: pulse 1.2s ease-in-out infinite alternate;
    }

    @keyframes pulse {
      from {
        opacity: 1;
      }
      to {
        opacity: 0.25;
      }
    }

    @media (prefers-reduced-motion: reduce) {
      .dot.checking {
        animation: none;
      }
    }

    button {
      min-height: 2.75rem;
      padding: 0 1rem;
      font: inherit;
      color: var(--text);
      background: transparent;
      border: 1px solid var(--line);
      border-radius: 0.5rem;
      cursor: pointer;
    }

    button:not(:disabled, [aria-pressed='true']):hover {
      background: var(--line);
    }

    button:disabled {
      cursor: progress;
      color: var(--muted);
    }

    button:focus-visible {
      outline: 3px solid var(--focus);
      outline-offset: 2px;
    }

    .retry {
      margin-top: 0.75rem;
    }

    .update {
      position: fixed;
      inset: auto 1rem 1rem;
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.75rem;
      max-width: 38rem;
      margin: 0 auto;
      padding: 1rem;
      background: var(--panel);
      border: 1px solid var(--focus);
      border-radius: 0.75rem;
    }

    .update p {
      flex: 1 1 12rem;
      margin: 0;
    }

    .update .primary {
      background: var(--focus);
      color: #0b0b14;
      border-color: var(--focus);
    }

    .update .primary:hover {
      background: #ffe09a;
    }

  `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'holo-app': HoloApp;
  }
}
