// <holo-account>: who is signed in, and the ways to change it — email/password sign-up and
// sign-in, Google, saving a guest (anonymous) account by linking it (same uid, so its holograms
// stay), and sign-out. Guests are created by the first upload, not here.
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { fill, type Lang } from '../app/i18n.ts';
import { whenIdle } from '../app/idle.ts';
import { panelStyles, visuallyHidden } from '../app/shared-styles.ts';
import { type AuthUser, authClient, type FirebaseAuthClient } from './auth-client.ts';
import {
  ACCOUNT_MESSAGES,
  type AccountMessages,
  type AuthProblem,
  authProblem,
} from './messages.ts';

type Form = 'none' | 'signIn' | 'signUp' | 'google';

@customElement('holo-account')
export class HoloAccount extends LitElement {
  /** UI language, given by the shell. */
  @property() uiLang: Lang = 'en';

  /** The auth client to show and drive (the app's own by default; tests may pass another). */
  @property({ attribute: false }) client: FirebaseAuthClient = authClient;

  /** The signed-in user, or null. */
  @state() private user: AuthUser | null = null;
  /** Whether the saved session has been restored (until then the panel says "checking"). */
  @state() private known = false;
  /** Firebase could not start (offline on the very first start). */
  @state() private unavailable = false;
  /** Which form is open. */
  @state() private form: Form = 'none';
  /** True while a sign-in request is in flight. */
  @state() private busy = false;
  /** The last failure, shown until the next attempt. */
  @state() private problem: AuthProblem | null = null;
  /** Whether Google sign-in goes to the Auth Emulator (asks for a test identity). */
  @state() private emulator = false;

  private unsubscribe: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.unsubscribe = this.client.onChange((user) => {
      this.user = user;
      this.known = true;
      this.unavailable = false;
    });
    whenIdle(() =>
      this.client.usesEmulator().then(
        (emulator) => {
          this.emulator = emulator;
        },
        () => {
          this.unavailable = !this.client.known;
        },
      ),
    );
  }

  override disconnectedCallback(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    super.disconnectedCallback();
  }

  private get m(): AccountMessages {
    return ACCOUNT_MESSAGES[this.uiLang];
  }

  private open(form: Form): void {
    this.form = form;
    this.problem = null;
  }

  private async run(action: () => Promise<unknown>): Promise<void> {
    this.busy = true;
    this.problem = null;
    try {
      await action();
      this.form = 'none';
    } catch (error) {
      this.problem = authProblem(error);
    } finally {
      this.busy = false;
    }
  }

  private submit(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const email = String(data.get('email') ?? '').trim();
    const password = String(data.get('password') ?? '');
    const form = this.form;
    void this.run(() => {
      if (form === 'signIn') return this.client.signInWithEmail(email, password);
      if (form === 'signUp') return this.client.signUpWithEmail(email, password);
      const displayName = String(data.get('displayName') ?? '').trim();
      return this.client.signInWithGoogle({ email, ...(displayName ? { displayName } : {}) });
    });
  }

  private google(): void {
    if (this.emulator) this.open('google');
    else void this.run(() => this.client.signInWithGoogle());
  }

  private signOut(): void {
    if (this.user?.isAnonymous && !window.confirm(this.m.signOutGuestWarning)) return;
    void this.run(() => this.client.signOut());
  }

  override render(): TemplateResult {
    const m = this.m;
    return html`
      <section class="panel" aria-labelledby="account-heading" aria-busy=${this.busy ? 'true' : 'false'}>
        <h2 id="account-heading">${m.heading}</h2>
        ${this.renderState()}
        ${this.form === 'none' ? nothing : this.renderForm()}
        ${
          this.problem
            ? html`<p class="problem" role="alert">${m.problems[this.problem]}</p>`
            : nothing
        }
      </section>
    `;
  }

  private renderState(): TemplateResult {
    const m = this.m;
    if (!this.known) {
      return html`<p role="status">${this.unavailable ? m.unavailable : m.checking}</p>`;
    }
    const user = this.user;
    const disabled = this.busy;
    if (!user) {
      return html`
        <p role="status">${m.signedOut}</p>
        <div class="actions">
          <button type="button" ?disabled=${disabled} @click=${() => this.open('signIn')}>${m.signIn}</button>
          <button type="button" ?disabled=${disabled} @click=${() => this.open('signUp')}>${m.signUp}</button>
          <button type="button" ?disabled=${disabled} @click=${() => this.google()}>${m.google}</button>
        </div>
      `;
    }
    const name = user.isAnonymous
      ? m.guest
      : fill(m.signedInAs, { name: user.email ?? user.displayName ?? user.uid });
    return html`
      <p role="status" class="who">${name}</p>
      <p class="uid">${fill(m.accountId, { uid: user.uid })}</p>
      ${user.isAnonymous ? html`<p class="hint">${m.guestHint}</p>` : nothing}
      <div class="actions">
        ${
          user.isAnonymous
            ? html`
              <button type="button" ?disabled=${disabled} @click=${() => this.open('signUp')}>${m.saveAccount}</button>
              <button type="button" ?disabled=${disabled} @click=${() => this.google()}>${m.googleLink}</button>
            `
            : nothing
        }
        <button type="button" ?disabled=${disabled} @click=${() => this.signOut()}>${m.signOut}</button>
      </div>
    `;
  }

  private renderForm(): TemplateResult {
    const m = this.m;
    const form = this.form;
    const linking = this.user?.isAnonymous === true;
    const submit =
      form === 'signIn'
        ? m.submitSignIn
        : form === 'google'
          ? m.submitGoogle
          : linking
            ? m.submitLink
            : m.submitSignUp;
    return html`
      <form @submit=${this.submit}>
        ${form === 'google' ? html`<p class="hint">${m.emulatorGoogle}</p>` : nothing}
        <label>
          <span>${m.email}</span>
          <input name="email" type="email" autocomplete="email" required />
        </label>
        ${
          form === 'google'
            ? html`<label><span>${m.displayName}</span><input name="displayName" autocomplete="name" /></label>`
            : html`
              <label>
                <span>${m.password}</span>
                <input
                  name="password"
                  type="password"
                  minlength="6"
                  required
                  autocomplete=${form === 'signIn' ? 'current-password' : 'new-password'}
                />
              </label>
            `
        }
        <div class="actions">
          <button type="submit" class="primary" ?disabled=${this.busy}>${submit}</button>
          <button type="button" ?disabled=${this.busy} @click=${() => this.open('none')}>${m.cancel}</button>
        </div>
      </form>
    `;
  }

  static override styles = [
    visuallyHidden,
    panelStyles,
    css`
      .uid,
      .hint {
        color: var(--muted, #b4b4c8);
        font-size: 0.875rem;
        overflow-wrap: anywhere;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        margin-top: 0.75rem;
      }
      form {
        display: grid;
        gap: 0.75rem;
        max-width: 24rem;
        margin-top: 1rem;
      }
      label {
        display: grid;
        gap: 0.25rem;
      }
      button:not(:disabled):hover {
        background: var(--line, #2c2c44);
      }
      button.primary {
        background: var(--focus, #ffd166);
        border-color: var(--focus, #ffd166);
        color: #0b0b14;
      }
      button:disabled {
        cursor: progress;
        color: var(--muted, #b4b4c8);
      }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'holo-account': HoloAccount;
  }
}
