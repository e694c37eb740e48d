import { html, type TemplateResult } from 'lit';
import type { CheckInInput, Goal } from '../api.ts';
import { field, submitButton, text } from './answer-parts.ts';
import type { CoachHost } from './host.ts';

export interface CheckInFormOptions {
  saving: boolean;
  error: string;
  onSubmit: (event: SubmitEvent) => void;
  onCancel: () => void;
}

/**
 * A check-in on one goal: progress, confidence, wins and what is in the way. Its fields are
 * not bound to state: what the person typed stays in them when saving fails.
 */
export function renderCheckInForm(host: CoachHost, goal: Goal, options: CheckInFormOptions): TemplateResult {
  const strings = host.text;
  return html`<form class="check-in" part="form" aria-label=${host.say(strings.checkInTitle, { goal: goal.title })} @submit=${options.onSubmit}>
    ${field(
      'ci-progress',
      strings.progressLabel,
      html`<input id="ci-progress" name="progress" type="number" min="0" max="100" step="1"
      inputmode="numeric" .value=${String(goal.progress)}>`,
    )}
    ${field(
      'ci-confidence',
      strings.confidenceLabel,
      html`<select id="ci-confidence" name="confidence" aria-describedby="ci-confidence-hint">
      <option value="">–</option>${[1, 2, 3, 4, 5].map((level) => html`<option>${level}</option>`)}</select>`,
      strings.confidenceHint,
    )}
    ${field('ci-wins', strings.winsLabel, html`<textarea id="ci-wins" name="wins" rows="2"></textarea>`)}
    ${field('ci-blockers', strings.blockersLabel, html`<textarea id="ci-blockers" name="blockers" rows="2"></textarea>`)}
    <p class="alert" role="alert">${options.error}</p>
    <div class="actions">
      ${submitButton(strings.save, options.saving, strings.saving)}
      <button class="secondary" type="button" @click=${options.onCancel}>${strings.cancel}</button>
    </div>
  </form>`;
}

/** The form's answers, leaving out what was left empty. */
export function readCheckIn(form: HTMLFormElement): CheckInInput {
  const data = new FormData(form);
  const number = (name: string) => (text(data, name) === undefined ? undefined : Number(text(data, name)));
  const input: CheckInInput = { progress: number('progress'), confidence: number('confidence'), wins: text(data, 'wins'), blockers: text(data, 'blockers') };
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}
