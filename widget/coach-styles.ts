import { css } from 'lit';

/** The coaching modes' styles (goals, answers, agendas), on top of the base styles. */
export const coachStyles = css`
  .alert {
    margin: 0;
  }
  .quiet {
    color: var(--_muted);
    font-size: 0.875rem;
  }
  textarea {
    resize: vertical;
  }
  .block + .block {
    margin-top: 1.25rem;
    padding-top: 1rem;
    border-top: 1px solid var(--_line);
  }
  :host([layout='compact']) .block + .block {
    margin-top: 0.75rem;
    padding-top: 0.75rem;
  }
  h3,
  h4,
  h5 {
    margin: 0 0 0.5rem;
    font-size: 1.05rem;
    line-height: 1.3;
  }
  h5 {
    margin-top: 0.75rem;
    font-size: 1rem;
  }
  p {
    margin: 0.25rem 0;
  }
  .lead {
    font-weight: 600;
  }
  .secondary,
  .thumb {
    border-color: var(--_line);
    background: transparent;
    color: var(--_accent);
  }
  .thumb {
    display: inline-flex;
    gap: 0.35rem;
    align-items: center;
    font-weight: 500;
  }
  .thumb svg {
    width: 1.1rem;
    height: 1.1rem;
    fill: currentColor;
  }
  .thumb.down svg {
    transform: rotate(180deg);
  }
  .thumb[aria-pressed='true'] {
    border-color: var(--_accent);
    background: var(--_tint);
  }
  .goals,
  .steps,
  .items,
  .reframes {
    display: grid;
    gap: 0.75rem;
    margin: 0.75rem 0;
    padding: 0;
    list-style: none;
  }
  .goal,
  .step,
  .item,
  .reframe {
    padding: 0.75rem;
    border: 1px solid var(--_line);
    border-radius: var(--_radius);
  }
  .meter {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    margin: 0.35rem 0 0.5rem;
  }
  progress {
    flex: 1;
    min-width: 0;
    height: 0.75rem;
    accent-color: var(--_accent);
  }
  .percent {
    flex: none;
    font-size: 0.875rem;
  }
  form.check-in {
    display: grid;
    align-items: stretch;
    margin-top: 0.75rem;
  }
  .actions,
  .feedback {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
    margin-top: 0.75rem;
  }
  .answer {
    margin-top: 0.75rem;
  }
  .sources {
    font-size: 0.875rem;
  }
  .sources .link {
    margin-inline-end: 0.75rem;
  }
  .resources ul,
  .safety ul,
  .tasks,
  .item ul {
    margin: 0.25rem 0;
    padding-left: 1.25rem;
  }
  .resources li + li,
  .safety li + li {
    margin-top: 0.5rem;
  }
  .resources {
    margin-top: 1rem;
  }
  .minutes {
    display: inline-block;
    margin-inline-end: 0.35rem;
    padding: 0 0.5rem;
    border-radius: 999px;
    background: var(--_tint);
    font-size: 0.875rem;
  }
  .tags {
    margin: 0.5rem 0;
  }
  .safety {
    margin-top: 0.75rem;
    padding: 0.75rem 1rem;
    border: 2px solid var(--_danger);
    border-radius: var(--_radius);
    background: color-mix(in srgb, var(--_danger) 8%, var(--_surface));
  }
  .safety > p {
    font-weight: 600;
  }
  .safety h4 {
    margin-top: 0.75rem;
  }
  .safety a {
    color: var(--_accent);
  }

  @media print {
    :host {
      border: 0;
    }
    form,
    .back,
    .actions,
    .feedback,
    .sources {
      display: none;
    }
  }
`;
