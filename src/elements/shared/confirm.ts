// "Remove this download?": a modal alert dialog (a native <dialog>, so it sits
// in the top layer, above a player's clipped overlay, traps focus and closes
// on Escape). Focus starts on "Keep", the harmless answer, and returns to
// the control that asked when the dialog closes.
// It loads on first use in <download-button> (a page with only buttons does
// not pay for it before someone removes a download).
import { css, html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';

export interface ConfirmWords {
  question: string;
  text: string;
  confirm: string;
  keep: string;
}

interface Pending {
  words: ConfirmWords;
  confirmed: () => void;
  opener: HTMLElement | null;
}

export class ConfirmController implements ReactiveController {
  private pending: Pending | null = null;
  private confirmed = false;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  get isOpen(): boolean {
    return this.pending !== null;
  }

  hostDisconnected(): void {
    this.pending = null;
  }

  /** Asks; `confirmed` runs only when the person confirms. */
  ask(words: ConfirmWords, confirmed: () => void, opener: HTMLElement | null): void {
    this.pending = { words, confirmed, opener };
    this.confirmed = false;
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => {
      const dialog = this.dialog();
      if (!dialog || !this.pending) return;
      if (!dialog.open) {
        if (typeof dialog.showModal === 'function') dialog.showModal();
        else dialog.setAttribute('open', '');
      }
      dialog.querySelector<HTMLButtonElement>('.keep')?.focus();
    });
  }

  private dialog(): HTMLDialogElement | null {
    return this.host.shadowRoot?.querySelector<HTMLDialogElement>('dialog.confirm') ?? null;
  }

  private close(confirm: boolean): void {
    this.confirmed = confirm;
    const dialog = this.dialog();
    if (dialog?.open) dialog.close();
    else this.closed();
  }

  /** The dialog closed (a button, or Escape): act, then give focus back. */
  private closed(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    this.host.requestUpdate();
    if (pending.opener?.isConnected) pending.opener.focus();
    // After focus came back: what it does may move focus on (the opener goes away with the download).
    if (this.confirmed) pending.confirmed();
  }

  render(): TemplateResult | typeof nothing {
    const pending = this.pending;
    if (!pending) return nothing;
    const { words } = pending;
    return html`<dialog part="confirm" class="confirm" role="alertdialog" aria-labelledby="confirm-question" aria-describedby="confirm-text" @close=${() => this.closed()}>
      <p id="confirm-question" class="question">${words.question}</p>
      <p id="confirm-text" class="text">${words.text}</p>
      <div class="confirm-actions">
        <button type="button" class="keep" @click=${() => this.close(false)}>${words.keep}</button>
        <button type="button" class="danger" @click=${() => this.close(true)}>${words.confirm}</button>
      </div>
    </dialog>`;
  }
}

// Colours come from the page's colour scheme (Canvas / CanvasText): light and dark pages both work.
export const confirmStyles = css`
  dialog.confirm {
    box-sizing: border-box;
    width: min(24rem, calc(100vw - 2rem));
    padding: 1.25rem;
    border: 1px solid color-mix(in srgb, CanvasText 20%, transparent);
    border-radius: 0.75rem;
    background: Canvas;
    color: CanvasText;
    font: 400 1rem/1.45 system-ui, sans-serif;
    box-shadow: 0 12px 40px rgb(0 0 0 / 0.3);
  }
  dialog.confirm::backdrop {
    background: rgb(0 0 0 / 0.45);
  }
  .confirm .question {
    margin: 0 0 0.375rem;
    font-weight: 650;
    font-size: 1.1rem;
  }
  .confirm .text {
    margin: 0 0 1.25rem;
    overflow-wrap: anywhere;
  }
  .confirm-actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: 0.5rem;
  }
  .confirm-actions button {
    font: 600 0.95rem/1.2 system-ui, sans-serif;
    min-height: 2.5rem;
    padding: 0.5rem 1rem;
    border-radius: 999px;
    cursor: pointer;
  }
  .confirm-actions .keep {
    color: CanvasText;
    background: transparent;
    border: 1px solid color-mix(in srgb, CanvasText 55%, transparent);
  }
  .confirm-actions .danger {
    color: #fff;
    background: #b91c1c;
    border: 1px solid #b91c1c;
  }
  .confirm-actions button:focus-visible {
    outline: 2px solid #2563eb;
    outline-offset: 2px;
  }
`;
