import type { ReactiveControllerHost, TemplateResult } from 'lit';
import type { CoachApi } from '../api.ts';
import type { Phrase, Strings } from '../strings.ts';

/**
 * What a view may ask of the element around it. Views are reactive controllers, not elements
 * of their own: one shadow root, one stylesheet, one live region and one document view for
 * every mode.
 */
export interface CoachHost extends ReactiveControllerHost {
  readonly calls: CoachApi;
  readonly renderRoot: HTMLElement | DocumentFragment;
  /** The phrases in use, in the widget's language. */
  readonly text: Strings;
  /** The language `text` is in, for numbers, dates and plurals. */
  readonly language: string;
  /** A phrase with its placeholders filled. */
  say(phrase: Phrase, values?: Record<string, string | number>): string;
  /** The participant the token is for, once known. */
  readonly participantId: string | undefined;
  /** Dispatches a `bubbles`, `composed` event from the element. */
  emit(name: string, detail: unknown): void;
  /** Says `text` once through the element's one polite live region. */
  announce(text: string): void;
  /** Shows a library document; `opener` gets focus back when the reader leaves it. */
  openDocument(id: string, opener: HTMLElement): void;
  /**
   * The sentence a person can act on for a failed request (also sent as `mc-error`), or
   * undefined when it was cancelled.
   */
  describe(error: unknown, signal?: AbortSignal): string | undefined;
}

export interface View {
  render(): TemplateResult;
}
