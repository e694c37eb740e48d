import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import type { AgendaAnswer } from '../api.ts';
import { strings } from '../strings.ts';
import { Ask } from './ask.ts';
import { field, renderAnswer, renderCitations, submitButton, text } from './answer-parts.ts';
import type { CoachHost, View } from './host.ts';

type Item = AgendaAnswer['items'][number];
type Task = AgendaAnswer['preparation'][number];

interface Mentee {
  pairingId: string;
  name: string;
}

const durations = [15, 30, 45, 60, 90];
const stages = ['', 'kickoff', 'regular', 'closing'];

/** The agenda as plain text, for pasting into an email or a calendar invitation. */
export function agendaText(agenda: AgendaAnswer): string {
  const tasks = (heading: string, list: Task[]) => (list.length ? [heading, ...list.map((task) => `- ${strings.owner[task.owner]}: ${task.text}`), ''] : []);
  return [
    `${agenda.title} (${strings.minutes(agenda.durationMinutes)})`, '',
    ...agenda.items.flatMap((item) => [`${strings.minutes(item.minutes)}  ${item.title} (${strings.ledBy[item.owner]})`, ...item.prompts.map((prompt) => `  - ${prompt}`), '']),
    ...tasks(strings.preparation, agenda.preparation),
    ...tasks(strings.followUps, agenda.followUps),
  ].join('\n').trim();
}

/** A mentor's coach: pick a mentee, a length and a kind of session, and get a time-boxed agenda. */
export class MentorView implements View, ReactiveController {
  private mentees?: Mentee[];
  private loadError = '';
  private readonly agenda: Ask<AgendaAnswer, Item>;

  constructor(private readonly host: CoachHost) {
    this.agenda = new Ask(host, 'agenda', (answer) => strings.agendaReady(answer.title, answer.items.length));
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
      this.mentees = await Promise.all(open.map(async (pairing) => ({
        pairingId: pairing.id,
        // A name that cannot be read is no reason to hide the pairing.
        name: (await calls.participant(pairing.menteeId).catch(() => undefined))?.participant.displayName ?? strings.menteeLabel,
      })));
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

  private async copy(agenda: AgendaAnswer): Promise<void> {
    try {
      await navigator.clipboard.writeText(agendaText(agenda));
      this.host.announce(strings.copied);
    } catch (error) {
      this.agenda.error = this.host.describe(error) ?? '';
      this.host.requestUpdate();
    }
  }

  render(): TemplateResult {
    if (!this.host.participantId) return html`<p>${strings.noIdentity}</p>`;
    const mentees = this.mentees;
    return html`<section class="block" aria-labelledby="plan-heading">
      <h3 id="plan-heading">${strings.planHeading}</h3>
      <p class="alert" role="alert">${this.loadError}</p>
      ${!mentees ? (this.loadError ? nothing : html`<p class="quiet">${strings.loading}</p>`)
        : !mentees.length ? html`<p>${strings.noMentees}</p>` : html`<form class="plan" part="form" @submit=${(event: SubmitEvent) => this.plan(event)}>
        ${field('plan-mentee', strings.menteeLabel, html`<select id="plan-mentee" name="pairing">
          ${mentees.map((mentee) => html`<option value=${mentee.pairingId}>${mentee.name}</option>`)}</select>`)}
        ${field('plan-duration', strings.durationLabel, html`<select id="plan-duration" name="duration">
          ${durations.map((minutes) => html`<option value=${minutes} ?selected=${minutes === 45}>${strings.minutes(minutes)}</option>`)}</select>`)}
        ${field('plan-stage', strings.stageLabel, html`<select id="plan-stage" name="stage">
          ${stages.map((stage) => html`<option value=${stage}>${strings.stages[stage]}</option>`)}</select>`)}
        ${field('plan-focus', strings.focusLabel, html`<input id="plan-focus" part="input" name="focus" autocomplete="off" aria-describedby="plan-focus-hint">`, strings.focusHint)}
        ${submitButton(strings.planButton, this.agenda.loading)}
      </form>`}
      ${renderAnswer(this.host, this.agenda, (answer) => this.renderAgenda(answer), (items) => this.renderItems(items))}
    </section>`;
  }

  private renderItems(items: Item[]): TemplateResult {
    return html`<ol class="items">${items.map((item) => html`<li class="item" part="item">
      <p class="lead"><span class="minutes" data-minutes=${item.minutes}>${strings.minutes(item.minutes)}</span> ${item.title}</p>
      <p class="quiet">${strings.ledBy[item.owner]}</p>
      ${item.purpose ? html`<p>${item.purpose}</p>` : nothing}
      ${item.prompts.length ? html`<ul>${item.prompts.map((prompt) => html`<li>${prompt}</li>`)}</ul>` : nothing}
      ${renderCitations(this.host, item.citations)}
    </li>`)}</ol>`;
  }

  private renderTasks(heading: string, tasks: Task[]): TemplateResult | typeof nothing {
    if (!tasks.length) return nothing;
    return html`<h5>${heading}</h5><ul class="tasks">${tasks.map((task) => html`<li><strong>${strings.owner[task.owner]}:</strong> ${task.text}</li>`)}</ul>`;
  }

  private renderAgenda(agenda: AgendaAnswer): TemplateResult {
    return html`<div class="agenda" part="agenda">
      <h4>${agenda.title}</h4>
      <p class="quiet">${strings.minutes(agenda.durationMinutes)} · ${strings.stages[agenda.stage]}</p>
      ${this.renderItems(agenda.items)}
      ${this.renderTasks(strings.preparation, agenda.preparation)}
      ${this.renderTasks(strings.followUps, agenda.followUps)}
      <div class="actions">
        <button class="secondary" type="button" @click=${() => this.copy(agenda)}>${strings.copy}</button>
        <button class="secondary" type="button" @click=${() => window.print()}>${strings.print}</button>
      </div>
    </div>`;
  }
}
