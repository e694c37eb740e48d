import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import type { CheckIn, Goal, NextStepsAnswer, ReframeAnswer } from '../api.ts';
import { formatDate } from '../locale.ts';
import { field, renderAnswer, renderCitations, submitButton, text } from './answer-parts.ts';
import { Ask } from './ask.ts';
import { readCheckIn, renderCheckInForm } from './check-in-form.ts';
import type { CoachHost, View } from './host.ts';

type Step = NextStepsAnswer['steps'][number];
type Reframe = ReframeAnswer['reframes'][number];

export interface CheckInSavedDetail {
  goalId: string;
  checkIn: CheckIn;
}

/**
 * A mentee's coach: their goals with progress and a check-in for each, "what should I do
 * next?", and reframes for a thought they are stuck on.
 */
export class MenteeView implements View, ReactiveController {
  private goals?: Goal[];
  private goalsError = '';
  /** The goal whose check-in form is open; one at a time keeps the page calm. */
  private checkingIn?: string;
  private saving = false;
  private checkInError = '';
  private readonly next: Ask<NextStepsAnswer, Step>;
  private readonly reframe: Ask<ReframeAnswer, Reframe>;

  constructor(private readonly host: CoachHost) {
    this.next = new Ask(host, 'next-steps', (answer) => this.host.say(this.host.text.stepsReady, { count: answer.steps.length }));
    this.reframe = new Ask(host, 'reframe', () => this.host.text.reframeReady);
  }

  hostConnected(): void {
    if (!this.goals) void this.load();
  }

  hostDisconnected(): void {
    this.next.abort();
    this.reframe.abort();
  }

  private async load(): Promise<void> {
    const id = this.host.participantId;
    if (!id) return;
    try {
      this.goals = (await this.host.calls.goals(id)).goals;
    } catch (error) {
      this.goalsError = this.host.describe(error) ?? '';
    }
    this.host.requestUpdate();
  }

  private async toggle(goal: Goal): Promise<void> {
    this.checkingIn = this.checkingIn === goal.id ? undefined : goal.id;
    this.checkInError = '';
    this.host.requestUpdate();
    await this.host.updateComplete;
    this.focus(this.checkingIn ? '#ci-progress' : `[data-goal="${goal.id}"]`);
  }

  private focus(selector: string): void {
    this.host.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  private async saveCheckIn(event: SubmitEvent, goal: Goal): Promise<void> {
    event.preventDefault();
    if (this.saving) return;
    this.saving = true;
    this.checkInError = '';
    this.host.requestUpdate();
    try {
      const { checkIn } = await this.host.calls.checkIn(goal.id, readCheckIn(event.target as HTMLFormElement));
      // The server makes a check-in's progress the goal's own.
      this.goals = this.goals?.map((candidate) => (candidate.id === goal.id ? { ...candidate, progress: checkIn.progress ?? candidate.progress } : candidate));
      this.checkingIn = undefined;
      this.host.emit('mc-checkin-saved', { goalId: goal.id, checkIn } satisfies CheckInSavedDetail);
      const { saved, savedProgress } = this.host.text;
      this.host.announce(
        checkIn.progress === undefined
          ? this.host.say(saved, { goal: goal.title })
          : this.host.say(savedProgress, { goal: goal.title, percent: checkIn.progress }),
      );
      await this.host.updateComplete;
      this.focus(`[data-goal="${goal.id}"]`);
    } catch (error) {
      this.checkInError = this.host.describe(error) ?? '';
    } finally {
      this.saving = false;
      this.host.requestUpdate();
    }
  }

  render(): TemplateResult {
    if (!this.host.participantId) return html`<p>${this.host.text.noIdentity}</p>`;
    const goals = this.goals;
    const busyNext = this.next.loading;
    const busyReframe = this.reframe.loading;
    return html`
      <section class="block" aria-labelledby="goals-heading">
        <h3 id="goals-heading">${this.host.text.goalsHeading}</h3>
        <p class="alert" role="alert">${this.goalsError}</p>
        ${
          goals
            ? goals.length
              ? html`<ul class="goals">${goals.map((goal) => this.renderGoal(goal))}</ul>`
              : html`<p>${this.host.text.noGoals}</p>`
            : this.goalsError
              ? nothing
              : html`<p class="quiet">${this.host.text.loading}</p>`
        }
      </section>
      <section class="block" aria-labelledby="next-heading">
        <h3 id="next-heading">${this.host.text.nextHeading}</h3>
        <form part="form" @submit=${(event: SubmitEvent) => {
          event.preventDefault();
          const question = text(new FormData(event.target as HTMLFormElement), 'question');
          void this.next.run(question ? { question } : {});
        }}>
          ${field('question', this.host.text.questionLabel, html`<input id="question" part="input" name="question" autocomplete="off" aria-describedby="question-hint">`, this.host.text.questionHint)}
          ${submitButton(this.host.text.nextButton, busyNext, this.host.text.working)}
        </form>
        ${renderAnswer(
          this.host,
          this.next,
          (answer) => this.renderSteps(answer.steps, answer),
          (steps) => this.renderSteps(steps),
        )}
      </section>
      <section class="block" aria-labelledby="stuck-heading">
        <h3 id="stuck-heading">${this.host.text.stuckHeading}</h3>
        <form part="form" @submit=${(event: SubmitEvent) => {
          event.preventDefault();
          const statement = text(new FormData(event.target as HTMLFormElement), 'statement');
          if (statement) void this.reframe.run({ statement });
        }}>
          ${field('statement', this.host.text.statementLabel, html`<textarea id="statement" part="input" name="statement" rows="2" required aria-describedby="statement-hint"></textarea>`, this.host.text.statementHint)}
          ${submitButton(this.host.text.reframeButton, busyReframe, this.host.text.working)}
        </form>
        ${renderAnswer(
          this.host,
          this.reframe,
          (answer) => this.renderReframe(answer),
          (reframes) => this.renderReframes(reframes),
        )}
      </section>
    `;
  }

  private renderGoal(goal: Goal): TemplateResult {
    const open = this.checkingIn === goal.id;
    const status = this.host.text.status[goal.status];
    const meta = [
      status,
      goal.targetDate && goal.status === 'active' ? this.host.say(this.host.text.due, { date: formatDate(goal.targetDate, this.host.language) }) : '',
    ]
      .filter(Boolean)
      .join(' · ');
    return html`<li class="goal" part="goal" data-goal-id=${goal.id}>
      <h4 id="goal-${goal.id}">${goal.title}</h4>
      ${meta ? html`<p class="quiet">${meta}</p>` : nothing}
      <div class="meter">
        <progress max="100" value=${goal.progress} aria-labelledby="goal-${goal.id}"></progress>
        <span class="percent">${this.host.say(this.host.text.progress, { percent: goal.progress })}</span>
      </div>
      ${
        goal.status === 'completed'
          ? nothing
          : html`<button class="secondary" type="button" data-goal=${goal.id}
        aria-expanded=${open ? 'true' : 'false'} aria-describedby="goal-${goal.id}" @click=${() => this.toggle(goal)}>${this.host.text.checkIn}</button>`
      }
      ${
        open
          ? renderCheckInForm(this.host, goal, {
              saving: this.saving,
              error: this.checkInError,
              onSubmit: (event) => this.saveCheckIn(event, goal),
              onCancel: () => this.toggle(goal),
            })
          : nothing
      }
    </li>`;
  }

  private renderSteps(steps: Step[], answer?: NextStepsAnswer): TemplateResult {
    return html`<ol class="steps">${steps.map(
      (step) => html`<li class="step" part="step">
      <p class="lead">${step.text}</p>
      <p>${step.why}</p>
      ${step.goal ? html`<p class="quiet">${this.host.say(this.host.text.forGoal, { goal: step.goal })}</p>` : nothing}
      ${renderCitations(this.host, step.citations)}
    </li>`,
    )}</ol>
    ${answer?.reframe ? this.renderReframes([answer.reframe]) : nothing}`;
  }

  private renderReframes(reframes: Reframe[]): TemplateResult {
    return html`<ul class="reframes">${reframes.map(
      (reframe) => html`<li class="reframe" part="reframe">
      <p class="lead">${reframe.text}</p>
      <p><em>${reframe.question}</em></p>
      ${renderCitations(this.host, reframe.citations)}
    </li>`,
    )}</ul>`;
  }

  private renderReframe(answer: ReframeAnswer): TemplateResult {
    // The writer's own words that showed the strongest pattern (older servers send none).
    const quote = answer.evidence?.find((entry) => entry.quote)?.quote;
    return html`
      ${
        answer.patterns.length
          ? html`<ul class="tags" aria-label=${this.host.text.patternsLabel}>
        ${answer.patterns.map((pattern) => html`<li>${pattern.replaceAll('-', ' ')}</li>`)}</ul>`
          : nothing
      }
      ${quote ? html`<p class="quiet">${this.host.say(this.host.text.youWrote, { quote })}</p>` : nothing}
      ${answer.message ? html`<p>${answer.message}</p>` : nothing}
      ${this.renderReframes(answer.reframes)}
      ${
        answer.nextAction
          ? html`<div class="next-action"><h4>${this.host.text.nextAction}</h4><p>${answer.nextAction.text}</p>
        ${renderCitations(this.host, answer.nextAction.citations)}</div>`
          : nothing
      }`;
  }
}
