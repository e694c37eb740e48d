import { html, nothing, type TemplateResult } from 'lit';
import type { CoachAnswer } from '../api.ts';
import type { Ask } from './ask.ts';
import type { CoachHost } from './host.ts';

/** The pieces every coaching answer shares: sources, suggested reading, safety, thumbs, progress. */

type Safety = CoachAnswer['safety'];
type Contact = NonNullable<Safety['contacts']>[number];
interface Linkable {
  id: string;
  title: string;
}

const telephone = /^\+?[\d\s().-]{3,}$/;

/** A library document as a button: it opens in the widget, and focus comes back to it. */
export function documentButton(host: CoachHost, { id, title }: Linkable): TemplateResult {
  return html`<button class="link" type="button" data-id=${id} @click=${(event: Event) => host.openDocument(id, event.currentTarget as HTMLElement)}>${title}</button>`;
}

export function renderCitations(host: CoachHost, citations: Linkable[]): TemplateResult | typeof nothing {
  if (!citations.length) return nothing;
  return html`<p class="sources"><span>${host.text.sources}:</span> ${citations.map((citation) => documentButton(host, citation))}</p>`;
}

export function renderResources(host: CoachHost, resources: CoachAnswer['resources']): TemplateResult | typeof nothing {
  if (!resources.length) return nothing;
  return html`<div class="resources"><h4>${host.text.readMore}</h4>
    <ul>${resources.map((resource) => html`<li>${documentButton(host, resource)} <span class="snippet">${resource.snippet}</span></li>`)}</ul>
  </div>`;
}

function renderContact(contact: Contact): TemplateResult {
  const { phone, email, url } = contact;
  return html`<li><strong>${contact.name}</strong>${contact.role ? html`, ${contact.role}` : nothing}
    ${phone ? html`<br>${telephone.test(phone) ? html`<a href="tel:${phone.replace(/[^\d+]/g, '')}">${phone}</a>` : phone}` : nothing}
    ${email ? html`<br><a href="mailto:${email}">${email}</a>` : nothing}
    ${url && /^https?:/i.test(url) ? html`<br><a href=${url} target="_blank" rel="noopener noreferrer">${url}</a>` : nothing}
    ${contact.hours ? html`<br><span class="quiet">${contact.hours}</span>` : nothing}</li>`;
}

/** A flagged answer: the calm message and the site's people, and nothing else. */
export function renderSafety(host: CoachHost, safety: Safety): TemplateResult {
  return html`<div class="safety" part="safety" role="alert">
    <p>${safety.message}</p>
    ${safety.contacts?.length ? html`<h4>${host.text.safetyContacts}</h4><ul>${safety.contacts.map(renderContact)}</ul>` : nothing}
  </div>`;
}

// A thumb drawn here rather than an emoji, which some systems have no font for.
const thumb = html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M2 10h4v11H2zm6 11h9.5a2 2 0 0 0 2-1.6l1.4-7A2 2 0 0 0 19 10h-5.5l.9-4.3A1.8 1.8 0 0 0 11.2 4L8 10z"/></svg>`;

export function renderFeedback(host: CoachHost, ask: Pick<Ask<CoachAnswer, unknown>, 'rating' | 'rate'>): TemplateResult {
  const { text } = host;
  const button = (rating: 'up' | 'down', label: string) => html`<button class="thumb ${rating}" type="button"
    aria-pressed=${ask.rating === rating ? 'true' : 'false'} @click=${() => ask.rate(rating)}>${thumb} ${label}</button>`;
  return html`<div class="feedback" part="feedback" role="group" aria-label=${text.feedbackLabel}>
    <span class="quiet" aria-hidden="true">${text.feedbackLabel}</span>${button('up', text.helpful)}${button('down', text.notHelpful)}
  </div>`;
}

/**
 * An ask's answer area: its error, the pieces so far while it streams (not a live region:
 * the element announces the answer once, when it is complete), then in their place the
 * answer with its reading, or the safety message alone, and thumbs on either (a wrongly
 * flagged idiom is just what a program wants to hear about).
 */
export function renderAnswer<A extends CoachAnswer, P>(
  host: CoachHost,
  ask: Ask<A, P>,
  content: (answer: A) => TemplateResult,
  parts: (parts: P[]) => TemplateResult,
): TemplateResult {
  const { answer } = ask;
  return html`<p class="alert" role="alert">${ask.error}</p>
    ${ask.loading && ask.parts.length ? parts(ask.parts) : nothing}
    ${
      answer && !ask.loading
        ? html`<div class="answer">
      ${answer.safety.flagged ? renderSafety(host, answer.safety) : html`${content(answer)}${renderResources(host, answer.resources)}`}
      ${renderFeedback(host, ask)}
    </div>`
        : nothing
    }`;
}

/** A labelled field with an optional hint; `control` carries the id. */
export function field(id: string, label: string, control: TemplateResult, hint?: string): TemplateResult {
  return html`<div class="field"><label for=${id}>${label}</label>${hint ? html`<span class="hint" id="${id}-hint">${hint}</span>` : nothing}${control}</div>`;
}

/**
 * The submit button of a form, which says it is working while it is. Not `disabled`: that
 * would throw the keyboard user's focus out to the page; a second press just asks again.
 */
export function submitButton(label: string, busy: boolean, busyLabel: string): TemplateResult {
  return html`<button part="button" type="submit" aria-disabled=${busy ? 'true' : 'false'}>${busy ? busyLabel : label}</button>`;
}

/** A form's text field, trimmed, or undefined when left empty. */
export function text(form: FormData, name: string): string | undefined {
  return String(form.get(name) ?? '').trim() || undefined;
}
