import { html, LitElement, nothing, type PropertyValues, type ReactiveController } from 'lit';
import { type CoachApi, CoachRequestError, createCoachApi, type Resource, readToken, type TokenSource } from './api.ts';
import { loadLocale, resolveLocale } from './locale.ts';
import { renderMarkdown } from './markdown.ts';
import { en, fill, mergeStrings, type Phrase, type Strings } from './strings.ts';
import { styles } from './styles.ts';
import type { CoachHost, View } from './views/host.ts';
import { LibraryView } from './views/library-view.ts';
import { MenteeView } from './views/mentee-view.ts';
import { MentorView } from './views/mentor-view.ts';

export type { AnswerDetail } from './views/ask.ts';
export type { ResultsDetail } from './views/library-view.ts';
export type { CheckInSavedDetail } from './views/mentee-view.ts';

/**
 * The script's own origin: a host page that loads the widget from the coach server needs no
 * configuration at all. A classic script is `document.currentScript` while it runs; a module
 * knows its own URL.
 */
function findScriptOrigin(): string {
  const classic = (document.currentScript as HTMLScriptElement | null)?.src;
  try {
    return new URL(classic || import.meta.url).origin;
  } catch {
    return location.origin;
  }
}
const scriptOrigin = findScriptOrigin();

const audiences = ['mentee', 'mentor', 'coordinator'];
const modes = ['mentee', 'mentor', 'library'] as const;
export type Mode = (typeof modes)[number];

export interface ErrorDetail {
  code: string;
  message: string;
}

type ModeView = View & Partial<ReactiveController>;

/**
 * @summary A mentoring coach inside any host page: a mentee's goals, next steps, check-ins and
 *   reframes; a mentor's session agendas; and the best-practice library behind them.
 *
 * @attr server - Base URL of the coach server. Defaults to the origin this script was loaded from.
 * @attr mode - `mentee`, `mentor` or `library`. Without it, the role in the token decides, and
 *   without a token it is `library` (search only).
 * @attr audience - Library mode: the reader's role, `mentee`, `mentor` or `coordinator`; results favour documents for it.
 * @attr heading - The widget's heading. Each mode has its own default.
 * @attr token - A participant token minted by the host's backend (or use `tokenProvider`).
 * @attr locale - The language of the widget's own words, such as `fr`. Defaults to the nearest
 *   `lang` of the page. Translations come from the server's /widget/locales/; English is built in.
 * @attr strings - Any of the widget's phrases to replace, as JSON (or set the property to an
 *   object): `{"heading": "Ask the coach", "found": {"one": "{count} guide", "other": "{count} guides"}}`.
 * @attr layout - `full` (the default) or `compact`: tighter spacing and no hints or snippets,
 *   for a sidebar or a small card.
 * @attr nonce - The page's style nonce, for browsers that cannot adopt stylesheets and fall
 *   back to <style> elements under a CSP that names nonces.
 *
 * @prop tokenProvider - `({ refresh }) => Promise<string>`: called before each request, and with
 *   `refresh: true` after a 401, so the host can hand out short-lived tokens as they expire.
 *
 * @fires mc-ready - After the first render.
 * @fires mc-results - When search results arrive. `detail: { count }`.
 * @fires mc-answer - When a coaching answer is complete. `detail: { target, engine, flagged }`.
 * @fires mc-checkin-saved - When a check-in is saved. `detail: { goalId, checkIn }`.
 * @fires mc-feedback - When thumbs up or down reached the server. `detail: { target, rating, engine }`.
 * @fires mc-safety-flag - When an answer was a safety message instead of coaching. `detail: { target, category }`.
 * @fires mc-error - When a request fails. `detail: { code, message }`.
 *
 * @csspart heading - The widget's heading.
 * @csspart form - Every form (search, question, check-in, session plan).
 * @csspart input - The main text field of a form.
 * @csspart button - The main button of a form.
 * @csspart alert - The error message.
 * @csspart results - The list of search results.
 * @csspart result - One search result.
 * @csspart document - The open document.
 * @csspart goal - One of a mentee's goals.
 * @csspart step - One next step.
 * @csspart reframe - One reframe.
 * @csspart agenda - A session agenda.
 * @csspart item - One agenda item.
 * @csspart safety - A safety message and its contacts.
 * @csspart feedback - The thumbs up and down under an answer.
 *
 * @cssproperty --mc-accent - Buttons, links and focus rings.
 * @cssproperty --mc-font - Font family.
 * @cssproperty --mc-radius - Corner radius.
 * @cssproperty --mc-surface - Background.
 * @cssproperty --mc-text - Text colour.
 */
export class MentorCoach extends LitElement implements CoachHost {
  static override styles = styles;

  static override properties = {
    server: { type: String },
    heading: { type: String },
    audience: { type: String },
    token: { type: String },
    mode: { type: String },
    locale: { type: String },
    strings: { converter: { fromAttribute: readJson } },
    layout: { type: String, reflect: true },
    tokenProvider: { attribute: false },
    active: { state: true, attribute: false },
    document: { state: true, attribute: false },
    loading: { state: true, attribute: false },
    error: { state: true, attribute: false },
    status: { state: true, attribute: false },
    text: { state: true, attribute: false },
  };

  declare server: string;
  declare heading: string | undefined;
  /** Not `role`: that attribute belongs to ARIA, and a reader role there is invalid markup. */
  declare audience: string | undefined;
  declare token: string | undefined;
  declare mode: string | undefined;
  declare locale: string | undefined;
  /** Phrases to replace, in the shape of the built-in English ones; see `strings.ts`. */
  declare strings: unknown;
  declare layout: string | undefined;
  declare tokenProvider: ((options: { refresh: boolean }) => string | undefined | Promise<string | undefined>) | undefined;
  /** The mode in use, once the token (if any) has been read. */
  declare protected active: Mode | undefined;
  declare protected document: Resource | undefined;
  declare loading: boolean;
  declare error: string;
  declare protected status: string;
  /** The phrases in use: English, then the locale's translation, then the host's `strings`. */
  declare text: Strings;
  /** The locale `text` is in. */
  language = 'en';

  participantId: string | undefined;
  private view?: ModeView;
  private api?: { server: string; calls: CoachApi };
  private pending?: AbortController;
  private resolving = 0;
  private texting = 0;
  // Where focus goes back to when the reader leaves a document: the button that opened it.
  private opener?: HTMLElement;

  constructor() {
    super();
    this.server = scriptOrigin;
    this.loading = false;
    this.error = '';
    this.status = '';
    this.text = en;
  }

  get calls(): CoachApi {
    if (this.api?.server !== this.server) this.api = { server: this.server, calls: createCoachApi(this.server, this.tokens) };
    return this.api.calls;
  }

  private readonly tokens: TokenSource = async (options) => (this.tokenProvider ? await this.tokenProvider(options) : this.token);

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.pending?.abort();
  }

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    // Lit reads the nonce when it falls back to <style> elements; adopted stylesheets need none.
    const global = globalThis as { litNonce?: string };
    if (this.nonce && !global.litNonce) global.litNonce = this.nonce;
    return super.createRenderRoot();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.hasUpdated || changed.has('mode') || changed.has('token') || changed.has('tokenProvider')) void this.resolveMode();
    if (!this.hasUpdated || changed.has('locale') || changed.has('strings') || changed.has('server')) void this.resolveText();
  }

  /** English at once, so there is never a blank widget; the translation when it arrives. */
  private async resolveText(): Promise<void> {
    const run = ++this.texting;
    const locale = resolveLocale(this.locale, this);
    const translation = await loadLocale(this.server, locale);
    // A later change (another locale, other phrases) has its own run: the last one wins.
    if (run !== this.texting) return;
    this.language = translation ? locale : 'en';
    this.text = mergeStrings(mergeStrings(en, translation), this.strings);
  }

  /** A phrase in the widget's language, its placeholders filled. */
  say(phrase: Phrase, values?: Record<string, string | number>): string {
    return fill(phrase, values, this.language);
  }

  protected override firstUpdated(_changed: PropertyValues): void {
    this.emit('mc-ready', undefined);
  }

  /** Picks the mode: the `mode` attribute, else the role in the token, else the library. */
  private async resolveMode(): Promise<void> {
    const run = ++this.resolving;
    const explicit = modes.find((mode) => mode === this.mode);
    const token = (refresh: boolean) => this.tokens({ refresh }).catch(() => undefined);
    const first = explicit === 'library' ? undefined : await token(false);
    let identity = readToken(first);
    // A token the widget cannot read (a stale cache, a placeholder) is asked for afresh once,
    // or the person would stay unknown however good the next token is.
    if (first && !identity?.sub && this.tokenProvider) identity = readToken(await token(true));
    if (run !== this.resolving) return;
    const role = modes.find((mode) => mode !== 'library' && mode === identity?.role);
    const mode = explicit ?? role ?? 'library';
    if (this.view && mode === this.active && identity?.sub === this.participantId) return;
    this.view?.hostDisconnected?.();
    if (this.view?.hostConnected) this.removeController(this.view as ReactiveController);
    this.participantId = identity?.sub;
    this.document = undefined;
    this.view =
      mode === 'mentee'
        ? new MenteeView(this)
        : mode === 'mentor'
          ? new MentorView(this)
          : new LibraryView(this, () => (this.audience && audiences.includes(this.audience) ? this.audience : undefined));
    if (this.view.hostConnected) this.addController(this.view as ReactiveController);
    this.active = mode;
  }

  emit(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  async announce(text: string): Promise<void> {
    // Emptied first, so that the same sentence twice in a row is still announced.
    this.status = '';
    await this.updateComplete;
    this.status = text;
  }

  describe(error: unknown, signal?: AbortSignal): string | undefined {
    if (signal?.aborted || (error instanceof DOMException && error.name === 'AbortError')) return undefined;
    const failure = error instanceof CoachRequestError ? error : new CoachRequestError('unexpected', '');
    const { code, status = 0 } = failure;
    const { errors } = this.text;
    const retryAfter = failure.retryAfter;
    const message =
      code === 'network'
        ? navigator.onLine === false
          ? errors.offline
          : errors.network
        : code === 'incomplete'
          ? errors.incomplete
          : status === 401
            ? errors.expired
            : status === 429
              ? retryAfter === undefined
                ? errors.rateLimitedSoon
                : this.say(errors.rateLimited, { seconds: retryAfter })
              : status >= 500
                ? errors.server
                : failure.message || errors.unexpected;
    this.emit('mc-error', { code, message } satisfies ErrorDetail);
    return message;
  }

  /** Runs one library request at a time: a newer one cancels the one in flight. */
  async run<T>(request: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
    this.pending?.abort();
    const controller = (this.pending = new AbortController());
    this.loading = true;
    this.error = '';
    try {
      return await request(controller.signal);
    } catch (error) {
      this.error = this.describe(error, controller.signal) ?? '';
      return undefined;
    } finally {
      if (this.pending === controller) {
        this.pending = undefined;
        this.loading = false;
      }
    }
  }

  async openDocument(id: string, opener: HTMLElement): Promise<void> {
    const answer = await this.run((signal) => this.calls.getResource(id, signal));
    if (!answer) return;
    this.opener = opener;
    this.document = answer.resource;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#document-title')?.focus();
  }

  private async back(): Promise<void> {
    this.document = undefined;
    await this.updateComplete;
    this.opener?.focus();
  }

  protected override render() {
    const { active, text } = this;
    const heading = this.heading ?? (active === 'mentee' ? text.menteeHeading : active === 'mentor' ? text.mentorHeading : text.heading);
    return html`
      <section aria-labelledby="heading" lang=${this.language}>
        <h2 id="heading" part="heading">${heading}</h2>
        <div class="view" ?hidden=${!!this.document}>${this.view ? this.view.render() : html`<p class="quiet">${text.loading}</p>`}</div>
        ${this.document ? this.renderDocument(this.document) : nothing}
        <p class="alert" part="alert" role="alert">${this.error}</p>
        <p class="visually-hidden" role="status" aria-live="polite">${this.status}</p>
      </section>
    `;
  }

  private renderDocument(resource: Resource) {
    return html`
      <article part="document" aria-labelledby="document-title">
        <button class="back" type="button" @click=${this.back}>
          <span aria-hidden="true">←</span> ${this.active === 'library' ? this.text.back : this.text.backToCoach}
        </button>
        <h3 id="document-title" tabindex="-1">${resource.title}</h3>
        <p class="meta">${this.say(this.text.readingTime, { minutes: resource.readingMinutes })}</p>
        <p class="summary">${resource.summary}</p>
        <div class="body">${renderMarkdown(resource.body, { baseLevel: 4 })}</div>
      </article>
    `;
  }
}

/** The `strings` attribute's JSON; a typo in it costs the overrides, never the widget. */
function readJson(value: string | null): unknown {
  try {
    return value ? JSON.parse(value) : undefined;
  } catch {
    console.warn('mentor-coach: the strings attribute is not JSON; using the built-in phrases.');
    return undefined;
  }
}

if (!customElements.get('mentor-coach')) customElements.define('mentor-coach', MentorCoach);

declare global {
  interface HTMLElementTagNameMap {
    'mentor-coach': MentorCoach;
  }
  interface HTMLElementEventMap {
    'mc-ready': CustomEvent<undefined>;
    'mc-results': CustomEvent<import('./views/library-view.ts').ResultsDetail>;
    'mc-answer': CustomEvent<import('./views/ask.ts').AnswerDetail>;
    'mc-checkin-saved': CustomEvent<import('./views/mentee-view.ts').CheckInSavedDetail>;
    'mc-error': CustomEvent<ErrorDetail>;
  }
}
