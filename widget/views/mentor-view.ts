import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import type { AgendaAnswer } from '../api.ts';
import { field, renderAnswer, renderCitations, submitButton, text } from './answer-parts.ts';
import { Ask } from './ask.ts';
import type { CoachHost, View } from './host.ts';

type Item = AgendaAnswer['items'][number];
type Task = AgendaAnswer['preparation'][number];

interface Mentee {
  pairingId: string;
  name: string;
}

const durations = [15, 30, 45, 60, 90];
const stages = ['', 'kickoff', 'regular', 'review', 'closing'];

/** The agenda as plain text, for pasting into an email or a calendar invitation. */
export function agendaText(host: Pick<CoachHost, 'text' | 'say'>, agenda: AgendaAnswer): string {
  const { text } = host;
  const minutes = (count: number) => host.say(text.minutes, { count });
  const tasks = (heading: string, list: Task[]) => (list.length ? [heading, ...list.map((task) => `- ${text.owner[task.owner]}: ${task.text}`), ''] : []);
  return [
    `${agenda.title} (${minutes(agenda.durationMinutes)})`,
    '',
    ...agenda.items.flatMap((item) => [
      `${minutes(item.minutes)}  ${item.title} (${text.ledBy[item.owner]})`,
      ...item.prompts.map((prompt) => `  - ${prompt}`),
      '',
    ]),
    ...tasks(text.preparation, agenda.preparation),
    ...tasks(text.followUps, agenda.followUps),
  ]
    .join('\n')
    .trim();
}

function mailto(subject: string, body: string): string {
  return `mailto:?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
}

/** A mentor's coach: pick a mentee, a length and a kind of session, and get a time-boxed agenda. */
export class MentorView implements View, ReactiveController {
  private mentees?: Mentee[];
  private loadError = '';
  private readonly agenda: Ask<AgendaAnswer, Item>;

  constructor(private readonly host: CoachHost) {
    this.agenda = new Ask(host, 'agenda', (answer) => this.host.say(this.host.text.agendaReady, { title: answer.title, count: answer.items.length }));
  }

  hostConnected(): void {
    if (!this.mentees) void this.load();
  }

  hostDisconnected(): void {
    this.agenda.abort();
  }

  private async load(): Promise<void> {
    if (!this.host.participantId) return;
    const { calls } = this.host;
    try {
      const { pairings } = await calls.pairings();
      const open = pairings.filter((pairing) => pairing.status !== 'ended' && pairing.mentorId === this.host.participantId);
      this.mentees = await Promise.all(
        open.map(async (pairing) => ({
          pairingId: pairing.id,
          // A name that cannot be read is no reason to hide the pairing.
          name: (await calls.participant(pairing.menteeId).catch(() => undefined))?.participant.displayName ?? this.host.text.menteeLabel,
        })),
      );
    } catch (error) {
      this.loadError = this.host.describe(error) ?? '';
    }
    this.host.requestUpdate();
  }

  private plan(event: SubmitEvent): void {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const stage = text(form, 'stage');
    const focus = text(form, 'focus');
    void this.agenda.run({
      pairingId: form.get('pairing'),
      durationMinutes: Number(form.get('duration')),
      ...(stage ? { stage } : {}),
      ...(focus ? { focus } : {}),
    });
  }

  private minutes(count: number): string {
    return this.host.say(this.host.text.minutes, { count });
  }

  private async copy(agenda: AgendaAnswer): Promise<void> {
    try {
      await navigator.clipboard.writeText(agendaText(this.host, agenda));
      this.host.announce(this.host.text.copied);
    } catch (error) {
      this.agenda.error = this.host.describe(error) ?? '';
      this.host.requestUpdate();
    }
  }

  /** The phone's share sheet where there is one; elsewhere the `mailto:` link does it. */
  private async share(event: Event, agenda: AgendaAnswer): Promise<void> {
    if (!navigator.share) return;
    event.preventDefault();
    try {
      await navigator.share({ title: agenda.title, text: agendaText(this.host, agenda) });
      this.host.announce(this.host.text.shared);
    } catch (error) {
      // Closing the share sheet is a choice, not a failure.
      if (error instanceof DOMException && error.name === 'AbortError') return;
      this.agenda.error = this.host.describe(error) ?? '';
      this.host.requestUpdate();
    }
  }

  render(): TemplateResult {
    if (!this.host.participantId) return html`<p>${this.host.text.noIdentity}</p>`;
    const mentees = this.mentees;
    return html`<section class="block" aria-labelledby="plan-heading">
      <h3 id="plan-heading">${this.host.text.planHeading}</h3>
      <p class="alert" role="alert">${this.loadError}</p>
      ${
        !mentees
          ? this.loadError
            ? nothing
            : html`<p class="quiet">${this.host.text.loading}</p>`
          : !mentees.length
            ? html`<p>${this.host.text.noMentees}</p>`
            : html`<form class="plan" part="form" @submit=${(event: SubmitEvent) => this.plan(event)}>
        ${field(
          'plan-mentee',
          this.host.text.menteeLabel,
          html`<select id="plan-mentee" name="pairing">
          ${mentees.map((mentee) => html`<option value=${mentee.pairingId}>${mentee.name}</option>`)}</select>`,
        )}
        ${field(
          'plan-duration',
          this.host.text.durationLabel,
          html`<select id="plan-duration" name="duration">
          ${durations.map((minutes) => html`<option value=${minutes} ?selected=${minutes === 45}>${this.minutes(minutes)}</option>`)}</select>`,
        )}
        ${field(
          'plan-stage',
          this.host.text.stageLabel,
          html`<select id="plan-stage" name="stage">
          ${stages.map((stage) => html`<option value=${stage}>${this.host.text.stages[stage]}</option>`)}</select>`,
        )}
        ${field('plan-focus', this.host.text.focusLabel, html`<input id="plan-focus" part="input" name="focus" autocomplete="off" aria-describedby="plan-focus-hint">`, this.host.text.focusHint)}
        ${submitButton(this.host.text.planButton, this.agenda.loading, this.host.text.working)}
      </form>`
      }
      ${renderAnswer(
        this.host,
        this.agenda,
        (answer) => this.renderAgenda(answer),
        (items) => this.renderItems(items),
      )}
    </section>`;
  }

  private renderItems(items: Item[]): TemplateResult {
    return html`<ol class="items">${items.map(
      (item) => html`<li class="item" part="item">
      <p class="lead"><span class="minutes" data-minutes=${item.minutes}>${this.minutes(item.minutes)}</span> ${item.title}</p>
      <p class="quiet">${this.host.text.ledBy[item.owner]}</p>
      ${item.purpose ? html`<p>${item.purpose}</p>` : nothing}
      ${item.prompts.length ? html`<ul>${item.prompts.map((prompt) => html`<li>${prompt}</li>`)}</ul>` : nothing}
      ${renderCitations(this.host, item.citations)}
    </li>`,
    )}</ol>`;
  }

  private renderTasks(heading: string, tasks: Task[]): TemplateResult | typeof nothing {
    if (!tasks.length) return nothing;
    return html`<h5>${heading}</h5><ul class="tasks">${tasks.map((task) => html`<li><strong>${this.host.text.owner[task.owner]}:</strong> ${task.text}</li>`)}</ul>`;
  }

  private renderAgenda(agenda: AgendaAnswer): TemplateResult {
    return html`<div class="agenda" part="agenda">
      <h4>${agenda.title}</h4>
      <p class="quiet">${this.minutes(agenda.durationMinutes)} · ${this.host.text.stages[agenda.stage]}</p>
      ${this.renderItems(agenda.items)}
      ${this.renderTasks(this.host.text.preparation, agenda.preparation)}
      ${this.renderTasks(this.host.text.followUps, agenda.followUps)}
      <div class="actions">
        <button class="secondary" type="button" @click=${() => this.copy(agenda)}>${this.host.text.copy}</button>
        <button class="secondary" type="button" @click=${() => window.print()}>${this.host.text.print}</button>
        <a class="button secondary" href=${mailto(agenda.title, agendaText(this.host, agenda))}
          @click=${(event: Event) => this.share(event, agenda)}>${this.host.text.send}</a>
      </div>
    </div>`;
  }
}
