// <holo-holograms>: "My holograms" — this device's queued recordings and the account's holograms
// on the server in one list, each with its state (on this device only, syncing n %, synced,
// failed), the whole queue's progress, and open (details), rename and delete (local and server).
// It follows the queue through the store's BroadcastChannel and the account through the auth
// client, so another account's recordings are never shown or touched.
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formatDuration } from '../app/duration.ts';
import { fill, type Lang } from '../app/i18n.ts';
import { panelStyles, visuallyHidden } from '../app/shared-styles.ts';
import { authClient } from '../auth/auth-client.ts';
import { IdbSyncStore, QUEUE_CHANNEL } from '../sync/idb-store.ts';
import { retryHologram } from '../sync/queue-ops.ts';
import { startSync } from '../sync/sync-service.ts';
import type { SyncStore } from '../sync/types.ts';
import { HologramsApi, SignedOutError, type TokenSource } from './api.ts';
import { HOLOGRAMS_MESSAGES, type HologramsMessages } from './messages.ts';
import {
  type HologramRow,
  type HologramState,
  type LocalEntry,
  mergeHolograms,
  queueProgress,
  type ServerHologram,
  visibleTo,
} from './model.ts';

/** The part of the auth client the view needs. */
export interface HologramsAuth extends TokenSource {
  onChange(cb: (user: { uid: string } | null) => void): () => void;
}

@customElement('holo-holograms')
export class HoloHolograms extends LitElement {
  /** UI language, given by the shell. */
  @property() uiLang: Lang = 'en';

  /** The local queue (IndexedDB by default). */
  @property({ attribute: false }) store: SyncStore = new IdbSyncStore();

  /** Who is signed in, and their tokens (the app's auth client by default). */
  @property({ attribute: false }) auth: HologramsAuth = authClient;

  /** This device's holograms with their chunk records. */
  @state() private local: LocalEntry[] = [];
  /** The signed-in account's holograms on the server. */
  @state() private remote: ServerHologram[] = [];
  /** The signed-in uid (null: signed out). */
  @state() private uid: string | null = null;
  /** False until the first local read finished. */
  @state() private loaded = false;
  /** The server list could not be read (offline, server down). */
  @state() private serverUnavailable = false;
  /** The row whose details are shown. */
  @state() private openId: string | null = null;
  /** The row being renamed. */
  @state() private renamingId: string | null = null;
  /** The last failed action's message. */
  @state() private problem: string | null = null;

  private api: HologramsApi = new HologramsApi(authClient);
  private channel: BroadcastChannel | null = null;
  private unsubscribe: (() => void) | null = null;
  private localReads = 0;
  private remoteReads = 0;

  /** Back online or back to the app: the server may have news from other devices. */
  private readonly onReturn = (): void => {
    if (document.visibilityState === 'visible') void this.refreshRemote();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    this.api = new HologramsApi(this.auth);
    this.unsubscribe = this.auth.onChange((user) => {
      const uid = user?.uid ?? null;
      if (uid !== this.uid) {
        // Never show one account's holograms to another, not even for a moment.
        this.uid = uid;
        this.remote = [];
        void this.refreshLocal();
      }
      void this.refreshRemote();
    });
    if (typeof BroadcastChannel !== 'undefined') {
      this.channel = new BroadcastChannel(QUEUE_CHANNEL);
      this.channel.onmessage = () => void this.refreshLocal();
    }
    window.addEventListener('online', this.onReturn);
    document.addEventListener('visibilitychange', this.onReturn);
    void this.refreshLocal();
  }

  override disconnectedCallback(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.channel?.close();
    this.channel = null;
    window.removeEventListener('online', this.onReturn);
    document.removeEventListener('visibilitychange', this.onReturn);
    super.disconnectedCallback();
  }

  private get m(): HologramsMessages {
    return HOLOGRAMS_MESSAGES[this.uiLang];
  }

  /** Re-reads this device's queue (the latest read wins). */
  async refreshLocal(): Promise<void> {
    const read = ++this.localReads;
    const holograms = await this.store.listHolograms();
    const entries = await Promise.all(
      holograms
        .filter((h) => visibleTo(h, this.uid))
        .map(async (hologram) => ({ hologram, chunks: await this.store.listChunks(hologram.id) })),
    );
    if (read !== this.localReads) return;
    this.local = entries;
    this.loaded = true;
  }

  /** Re-reads the account's holograms on the server. */
  async refreshRemote(): Promise<void> {
    const read = ++this.remoteReads;
    try {
      const remote = await this.api.list();
      if (read !== this.remoteReads) return;
      this.remote = remote;
      this.serverUnavailable = false;
    } catch {
      if (read === this.remoteReads) this.serverUnavailable = true;
    }
  }

  private async act(action: () => Promise<void>): Promise<void> {
    this.problem = null;
    try {
      await action();
    } catch (err) {
      this.problem =
        err instanceof SignedOutError
          ? this.m.signedOutServer
          : fill(this.m.actionFailed, {
              message: err instanceof Error ? err.message : String(err),
            });
    }
    await Promise.all([this.refreshLocal(), this.refreshRemote()]);
  }

  private rename(row: HologramRow, event: SubmitEvent): void {
    event.preventDefault();
    const title = String(new FormData(event.target as HTMLFormElement).get('title') ?? '').trim();
    if (!title || title === row.title) {
      this.renamingId = null;
      return;
    }
    void this.act(async () => {
      if (row.local) {
        // The sync engine sends the new metadata with the queue (and offline, later).
        await this.store.updateHologram(row.id, (h) => ({
          ...h,
          meta: { ...h.meta, title },
          metaVersion: h.metaVersion + 1,
        }));
      } else if (row.remote) {
        await this.api.rename(row.remote, title);
      }
      this.renamingId = null;
    });
  }

  private deleteRow(row: HologramRow): void {
    if (!window.confirm(fill(this.m.confirmDelete, { title: row.title }))) return;
    void this.act(async () => {
      // Flagged first: the sync engine stops uploading it and, offline, deletes it later.
      if (row.local) await this.store.updateHologram(row.id, (h) => ({ ...h, deleted: true }));
      const neverUploaded = row.local?.owner === null && !row.remote;
      if (!neverUploaded) await this.api.remove(row.id);
      if (row.local) await this.store.deleteHologram(row.id);
    });
  }

  /** Opens a row's details, with its share panel (loaded on first use). */
  private toggleOpen(row: HologramRow, open: boolean): void {
    if (!open) void import('../share/index.ts');
    this.openId = open ? null : row.id;
  }

  private retry(row: HologramRow): void {
    void this.act(async () => {
      // Its metadata is sent again too, so a hologram deleted on the server meanwhile comes back.
      await retryHologram(this.store, row.id);
      startSync().trigger();
    });
  }

  override render(): TemplateResult {
    const m = this.m;
    const rows = mergeHolograms(this.local, this.remote, this.uid);
    return html`
      <section class="panel" aria-labelledby="holograms-heading">
        <h2 id="holograms-heading">${m.heading}</h2>
        ${this.renderQueue(rows)}
        ${this.serverUnavailable && this.uid ? html`<p class="note" role="status">${m.serverUnavailable}</p>` : nothing}
        ${this.problem ? html`<p class="problem" role="alert">${this.problem}</p>` : nothing}
        ${
          !this.loaded
            ? html`<p role="status">${m.loading}</p>`
            : rows.length === 0
              ? html`<p>${m.empty}</p>`
              : html`<ul class="list">${rows.map((row) => this.renderRow(row))}</ul>`
        }
      </section>
    `;
  }

  private renderQueue(rows: readonly HologramRow[]): TemplateResult | typeof nothing {
    const progress = queueProgress(rows);
    if (!this.loaded || rows.length === 0) return nothing;
    if (progress.pending === 0) return html`<p class="queue" role="status">${this.m.queueDone}</p>`;
    return html`
      <div class="queue">
        <label for="queue-progress">${fill(this.m.queue, { pending: progress.pending, percent: progress.percent })}</label>
        <progress id="queue-progress" max="100" .value=${progress.percent} aria-label=${this.m.queueLabel}></progress>
      </div>
    `;
  }

  private stateLabel(s: HologramState): string {
    const m = this.m;
    switch (s.kind) {
      case 'local':
        return m.stateLocal;
      case 'syncing':
        return fill(m.stateSyncing, { percent: s.percent });
      case 'synced':
        return m.stateSynced;
      case 'failed':
        return m.stateFailed;
    }
  }

  private renderRow(row: HologramRow): TemplateResult {
    const m = this.m;
    const open = this.openId === row.id;
    const date = new Date(row.createdAt).toLocaleString(this.uiLang);
    return html`
      <li data-id=${row.id} data-state=${row.state.kind}>
        <div class="row">
          <div class="title">
            <strong>${row.title}</strong>
            <span class="meta">${date} · ${formatDuration(row.durationMs)}</span>
          </div>
          <span class="state ${row.state.kind}">${this.stateLabel(row.state)}</span>
        </div>
        ${row.state.kind === 'failed' ? html`<p class="problem">${row.state.failure.message}</p>` : nothing}
        ${
          this.renamingId === row.id
            ? html`
              <form class="rename" @submit=${(e: SubmitEvent) => this.rename(row, e)}>
                <label><span>${m.newTitle}</span><input name="title" required maxlength="200" .value=${row.title} /></label>
                <button type="submit">${m.save}</button>
                <button type="button" @click=${() => (this.renamingId = null)}>${m.cancel}</button>
              </form>
            `
            : nothing
        }
        <div class="actions">
          <button type="button" aria-expanded=${open ? 'true' : 'false'} @click=${() => this.toggleOpen(row, open)}>${m.open}</button>
          <button type="button" @click=${() => (this.renamingId = row.id)}>${m.rename}</button>
          ${row.state.kind === 'failed' ? html`<button type="button" @click=${() => this.retry(row)}>${m.retry}</button>` : nothing}
          <button type="button" class="danger" @click=${() => this.deleteRow(row)}>${m.delete}</button>
        </div>
        ${open ? this.renderDetails(row) : nothing}
      </li>
    `;
  }

  private renderDetails(row: HologramRow): TemplateResult {
    const chunks = row.remote?.chunks.count ?? row.local?.chunkCount ?? 0;
    const bytes = row.remote?.chunks.bytes ?? row.totalBytes;
    const sampleRate = row.local?.meta.sampleRate ?? row.remote?.sampleRate ?? 0;
    const channels = row.local?.meta.channels ?? row.remote?.channels ?? 0;
    return html`
      <dl class="details">
        <dt>${this.m.detailId}</dt><dd>${row.id}</dd>
        <dt>${this.m.detailChunks}</dt>
        <dd>${fill(this.m.chunksValue, { chunks, kib: Math.round(bytes / 1024) })}</dd>
        <dt>${this.m.detailAudio}</dt>
        <dd>${fill(this.m.audioValue, { sampleRate, channels })}</dd>
      </dl>
      <holo-share
        hologram-id=${row.id}
        hologram-title=${row.title}
        .uiLang=${this.uiLang}
      ></holo-share>
    `;
  }

  static override styles = [
    visuallyHidden,
    panelStyles,
    css`
      .note,
      .meta {
        color: var(--muted, #b4b4c8);
        font-size: 0.875rem;
      }
      .queue {
        display: grid;
        gap: 0.25rem;
        margin-bottom: 0.75rem;
      }
      progress {
        width: 100%;
        accent-color: var(--up, #5ee398);
      }
      .list {
        margin: 0;
        padding: 0;
        list-style: none;
      }
      li {
        padding: 0.75rem 0;
        border-top: 1px solid var(--line, #2c2c44);
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        gap: 0.5rem 1rem;
      }
      .title {
        display: grid;
      }
      .state.synced {
        color: var(--up, #5ee398);
      }
      .state.failed {
        color: var(--down, #ff8f8f);
      }
      .state.syncing {
        color: var(--degraded, #ffc857);
      }
      .actions,
      .rename {
        display: flex;
        flex-wrap: wrap;
        align-items: end;
        gap: 0.5rem;
        margin-top: 0.5rem;
      }
      .rename label {
        display: grid;
        gap: 0.25rem;
      }
      button:hover {
        background: var(--line, #2c2c44);
      }
      button.danger {
        color: var(--down, #ff8f8f);
      }
      .details {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.25rem 1rem;
        margin: 0.75rem 0 0;
        font-size: 0.875rem;
      }
      .details dt {
        color: var(--muted, #b4b4c8);
      }
      .details dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'holo-holograms': HoloHolograms;
  }
}
