import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { CoachRequestError, createCoachApi, type CoachApi, type Resource, type ResourceSummary, type TokenSource } from './api.ts';
import { renderMarkdown } from './markdown.ts';
import { strings } from './strings.ts';
import { styles } from './styles.ts';

// The script's own origin: a host page that loads the widget from the coach server needs no
// configuration at all.
const scriptOrigin = new URL(import.meta.url).origin;

const audiences = ['mentee', 'mentor', 'coordinator'];

export interface ResultsDetail {
  count: number;
}

export interface ErrorDetail {
  code: string;
  message: string;
}

/**
 * @summary Searches the mentoring best-practice library and shows its documents, inside any host page.
 *
 * @attr server - Base URL of the coach server. Defaults to the origin this script was loaded from.
 * @attr audience - The reader's role: `mentee`, `mentor` or `coordinator`; results favour documents for it.
 * @attr heading - The widget's heading. Defaults to "Find mentoring guidance".
 * @attr token - A participant token minted by the host's backend (or use `tokenProvider`).
 *
 * @prop tokenProvider - `({ refresh }) => Promise<string>`: called before each request, and with
 *   `refresh: true` after a 401, so the host can hand out short-lived tokens as they expire.
 *
 * @fires mc-ready - After the first render.
 * @fires mc-results - When search results arrive. `detail: { count }`.
 * @fires mc-error - When a request fails. `detail: { code, message }`.
 *
 * @csspart heading - The widget's heading.
 * @csspart form - The search form.
 * @csspart input - The search field.
 * @csspart button - The search button.
 * @csspart alert - The error message.
 * @csspart results - The list of results.
 * @csspart result - One result.
 * @csspart document - The open document.
 *
 * @cssproperty --mc-accent - Buttons, links and focus rings.
 * @cssproperty --mc-font - Font family.
 * @cssproperty --mc-radius - Corner radius.
 * @cssproperty --mc-surface - Background.
 * @cssproperty --mc-text - Text colour.
 */
export class MentorCoach extends LitElement {
  static override styles = styles;

  static override properties = {
    server: { type: String },
    heading: { type: String },
    audience: { type: String },
    token: { type: String },
    query: { state: true },
    results: { state: true },
    document: { state: true },
    loading: { state: true },
    error: { state: true },
    status: { state: true },
  };

  declare server: string;
  declare heading: string;
  /** Not `role`: that attribute belongs to ARIA, and a reader role there is invalid markup. */
  declare audience: string | undefined;
  declare token: string | undefined;
  tokenProvider?: (options: { refresh: boolean }) => string | undefined | Promise<string | undefined>;
  declare protected query: string;
  declare protected results: ResourceSummary[] | undefined;
  declare protected document: Resource | undefined;
  declare protected loading: boolean;
  declare protected error: string;
  declare protected status: string;

  private api?: { server: string; calls: CoachApi };
  private pending?: AbortController;
  // Where focus goes back to when the reader leaves a document: the result that opened it.
  private openedFrom?: string;

  constructor() {
    super();
    this.server = scriptOrigin;
    this.heading = strings.heading;
    this.query = '';
    this.loading = false;
    this.error = '';
    this.status = '';
  }

  private get knownAudience(): string | undefined {
    return this.audience && audiences.includes(this.audience) ? this.audience : undefined;
  }

  private get calls(): CoachApi {
    if (this.api?.server !== this.server) this.api = { server: this.server, calls: createCoachApi(this.server, this.tokens) };
    return this.api.calls;
  }

  private readonly tokens: TokenSource = async (options) => (this.tokenProvider ? await this.tokenProvider(options) : this.token);

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.pending?.abort();
  }

  protected override firstUpdated(_changed: PropertyValues): void {
    this.emit('mc-ready', undefined);
  }

  private emit<T>(name: string, detail: T): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  /** Runs one request at a time: a newer one cancels the one in flight. */
  private async run<T>(request: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
    this.pending?.abort();
    const controller = (this.pending = new AbortController());
    this.loading = true;
    this.error = '';
    try {
      return await request(controller.signal);
    } catch (error) {
      if (controller.signal.aborted) return undefined;
      const failure = error instanceof CoachRequestError ? error : new CoachRequestError('unexpected', '');
      const message = failure.message || (failure.code === 'network' ? strings.errors.network : strings.errors.unexpected);
      this.error = message;
      this.emit<ErrorDetail>('mc-error', { code: failure.code, message });
      return undefined;
    } finally {
      if (this.pending === controller) {
        this.pending = undefined;
        this.loading = false;
      }
    }
  }

  private async search(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const q = this.query.trim();
    if (!q) return;
    // Emptied first so that the same count twice in a row is still announced.
    this.status = '';
    const answer = await this.run((signal) => this.calls.search({ q, audience: this.knownAudience, limit: 5 }, signal));
    if (!answer) {
      // Results for an earlier question under an error about this one would read as its answer.
      if (this.error) this.results = this.document = undefined;
      return;
    }
    this.document = undefined;
    this.results = answer.results;
    this.status = strings.found(answer.results.length);
    this.emit<ResultsDetail>('mc-results', { count: answer.results.length });
  }

  private async open(id: string): Promise<void> {
    const answer = await this.run((signal) => this.calls.getResource(id, signal));
    if (!answer) return;
    this.openedFrom = id;
    this.document = answer.resource;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#document-title')?.focus();
  }

  private async back(): Promise<void> {
    this.document = undefined;
    await this.updateComplete;
    const button = [...this.renderRoot.querySelectorAll<HTMLButtonElement>('button[data-id]')].find(
      (candidate) => candidate.dataset.id === this.openedFrom,
    );
    button?.focus();
  }

  protected override render() {
    return html`
      <section aria-labelledby="heading">
        <h2 id="heading" part="heading">${this.heading}</h2>
        <form part="form" role="search" @submit=${this.search}>
          <div class="field">
            <label for="query">${strings.searchLabel}</label>
            <span class="hint" id="hint">${strings.searchHint}</span>
            <input
              id="query"
              part="input"
              type="search"
              name="q"
              required
              autocomplete="off"
              aria-describedby="hint"
              .value=${this.query}
              @input=${(event: InputEvent) => (this.query = (event.target as HTMLInputElement).value)}
            />
          </div>
          <button part="button" type="submit" ?disabled=${this.loading}>
            ${this.loading ? strings.searching : strings.searchButton}
          </button>
        </form>
        <p class="alert" part="alert" role="alert">${this.error}</p>
        <p class="visually-hidden" role="status" aria-live="polite">${this.status}</p>
        <div class="content" aria-busy=${this.loading ? 'true' : 'false'}>
          ${this.document ? this.renderDocument(this.document) : this.renderResults()}
        </div>
      </section>
    `;
  }

  private renderResults() {
    const results = this.results;
    if (!results) return nothing;
    if (!results.length) return html`<p class="count">${strings.noResults}</p>`;
    return html`
      <p class="count" aria-hidden="true">${this.status}</p>
      <ol class="results" part="results" aria-label=${strings.resultsLabel}>
        ${results.map(
          (result) => html`
            <li class="result" part="result">
              <h3>
                <button class="link" type="button" data-id=${result.id} @click=${() => this.open(result.id)}>
                  ${result.title}
                </button>
              </h3>
              <p class="snippet">${result.snippet}</p>
              <ul class="tags" aria-label=${strings.topicsLabel}>
                ${result.topics.map((topic) => html`<li>${topic.replaceAll('-', ' ')}</li>`)}
              </ul>
            </li>
          `,
        )}
      </ol>
    `;
  }

  private renderDocument(resource: Resource) {
    return html`
      <article part="document" aria-labelledby="document-title">
        <button class="back" type="button" @click=${this.back}><span aria-hidden="true">←</span> ${strings.back}</button>
        <h3 id="document-title" tabindex="-1">${resource.title}</h3>
        <p class="meta">${strings.readingTime(resource.readingMinutes)}</p>
        <p class="summary">${resource.summary}</p>
        <div class="body">${renderMarkdown(resource.body, { baseLevel: 4 })}</div>
      </article>
    `;
  }
}

if (!customElements.get('mentor-coach')) customElements.define('mentor-coach', MentorCoach);

declare global {
  interface HTMLElementTagNameMap {
    'mentor-coach': MentorCoach;
  }
  interface HTMLElementEventMap {
    'mc-ready': CustomEvent<undefined>;
    'mc-results': CustomEvent<ResultsDetail>;
    'mc-error': CustomEvent<ErrorDetail>;
  }
}
