// Styles more than one component needs (each shadow root must include them itself).
import { css } from 'lit';

/**
 * The look of a whole page (the app shell, the shared-replay page): the colour tokens every view
 * reads, and the centred column with the app's font. Each page adds its own padding after this.
 */
export const pageTheme = css`
  :host {
    --text: #ececf4;
    --muted: #b4b4c8;
    --panel: #161626;
    --line: #2c2c44;
    --focus: #ffd166;
    display: block;
    box-sizing: border-box;
    max-width: 72rem;
    margin: 0 auto;
    color: var(--text);
    font: 1rem/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  }
`;

/** Hidden on screen, still read by screen readers. */
export const visuallyHidden = css`
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;

/**
 * The card look of the account and My holograms panels: the panel box, its heading and text, the
 * problem line, and their text inputs and buttons (with the focus ring). The component's own
 * styles come after these.
 */
export const panelStyles = css`
  :host {
    display: block;
  }
  .panel {
    padding: 1.25rem;
    background: var(--panel, #161626);
    border: 1px solid var(--line, #2c2c44);
    border-radius: 0.75rem;
  }
  h2 {
    margin: 0 0 0.75rem;
    font-size: 1.125rem;
  }
  p {
    margin: 0 0 0.5rem;
  }
  .problem {
    color: var(--down, #ff8f8f);
  }
  input {
    min-height: 2.75rem;
    padding: 0 0.75rem;
    font: inherit;
    color: var(--text, #ececf4);
    background: #0b0b14;
    border: 1px solid var(--line, #2c2c44);
    border-radius: 0.5rem;
  }
  button {
    min-height: 2.75rem;
    padding: 0 1rem;
    font: inherit;
    color: var(--text, #ececf4);
    background: transparent;
    border: 1px solid var(--line, #2c2c44);
    border-radius: 0.5rem;
    cursor: pointer;
  }
  button:focus-visible,
  input:focus-visible {
    outline: 3px solid var(--focus, #ffd166);
    outline-offset: 2px;
  }
`;
