import { html, nothing, type TemplateResult } from 'lit';
import type { ResourceSummary } from '../api.ts';
import { submitButton } from './answer-parts.ts';
import type { CoachHost, View } from './host.ts';

export interface ResultsDetail {
  count: number;
}

/** The library: search the best-practice documents in your own words and read them. */
export class LibraryView implements View {
  private query = '';
  private results?: ResourceSummary[];

  constructor(
    private readonly host: CoachHost & {
      readonly loading: boolean;
      readonly error: string;
      run<T>(request: (signal: AbortSignal) => Promise<T>): Promise<T | undefined>;
    },
    /** The reader's role, when the host named a known one: results favour documents for it. */
    private readonly audience: () => string | undefined,
  ) {}

  private async search(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const q = this.query.trim();
    if (!q) return;
    const answer = await this.host.run((signal) => this.host.calls.search({ q, audience: this.audience(), limit: 5 }, signal));
    if (!answer) {
      // Results for an earlier question under an error about this one would read as its answer.
      if (this.host.error) this.results = undefined;
      this.host.requestUpdate();
      return;
    }
    this.results = answer.results;
    this.host.announce(this.host.say(this.host.text.found, { count: answer.results.length }));
    this.host.emit('mc-results', { count: answer.results.length } satisfies ResultsDetail);
  }

  render(): TemplateResult {
    const loading = this.host.loading;
    return html`
      <form part="form" role="search" @submit=${(event: SubmitEvent) => this.search(event)}>
        <div class="field">
          <label for="query">${this.host.text.searchLabel}</label>
          <span class="hint" id="hint">${this.host.text.searchHint}</span>
          <input id="query" part="input" type="search" name="q" required autocomplete="off" aria-describedby="hint"
            .value=${this.query} @input=${(event: InputEvent) => (this.query = (event.target as HTMLInputElement).value)} />
        </div>
        ${submitButton(this.host.text.searchButton, loading, this.host.text.searching)}
      </form>
      <div class="content" aria-busy=${loading ? 'true' : 'false'}>${this.renderResults()}</div>
    `;
  }

  private renderResults() {
    const results = this.results;
    if (!results) return nothing;
    if (!results.length) return html`<p class="count">${this.host.text.noResults}</p>`;
    return html`
      <p class="count" aria-hidden="true">${this.host.say(this.host.text.found, { count: results.length })}</p>
      <ol class="results" part="results" aria-label=${this.host.text.resultsLabel}>
        ${results.map(
          (result) => html`
          <li class="result" part="result">
            <h3>
              <button class="link" type="button" data-id=${result.id}
                @click=${(event: Event) => this.host.openDocument(result.id, event.currentTarget as HTMLElement)}>${result.title}</button>
            </h3>
            <p class="snippet">${result.snippet}</p>
            <ul class="tags" aria-label=${this.host.text.topicsLabel}>
              ${result.topics.map((topic) => html`<li>${topic.replaceAll('-', ' ')}</li>`)}
            </ul>
          </li>
        `,
        )}
      </ol>
    `;
  }
}
