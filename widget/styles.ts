import { css } from 'lit';
import { coachStyles } from './coach-styles.ts';

/**
 * The element's styles, adopted as a constructable stylesheet: host pages with a strict CSP
 * (`style-src 'self'`, no 'unsafe-inline') accept those, while <style> tags and style
 * attributes would be blocked. Hosts theme through the --mc-* custom properties and the parts;
 * the private --_* properties only give each public one its light and dark default.
 */
const base = css`
  :host {
    --_accent: var(--mc-accent, #1f5fbf);
    --_surface: var(--mc-surface, #ffffff);
    --_text: var(--mc-text, #1c2230);
    --_radius: var(--mc-radius, 0.5rem);
    --_muted: color-mix(in srgb, var(--_text) 68%, var(--_surface));
    --_line: color-mix(in srgb, var(--_text) 18%, var(--_surface));
    --_tint: color-mix(in srgb, var(--_accent) 10%, var(--_surface));
    --_danger: #b3261e;
    display: block;
    box-sizing: border-box;
    min-width: 0;
    padding: 1rem;
    border: 1px solid var(--_line);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_text);
    font-family: var(--mc-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: 1rem;
    line-height: 1.5;
    overflow-wrap: break-word;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_accent: var(--mc-accent, #8ab4ff);
      --_surface: var(--mc-surface, #181c24);
      --_text: var(--mc-text, #e6e9ef);
      --_danger: #ffb4ab;
    }
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  h2 {
    margin: 0 0 0.75rem;
    font-size: 1.25rem;
    line-height: 1.3;
  }
  form {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: flex-end;
  }
  .field {
    display: grid;
    gap: 0.25rem;
    flex: 1 1 14rem;
    min-width: 0;
  }
  label {
    font-weight: 600;
  }
  .hint {
    color: var(--_muted);
    font-size: 0.875rem;
  }
  input,
  select,
  textarea {
    width: 100%;
    min-height: 2.75rem;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--_muted);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: inherit;
    font: inherit;
  }
  button,
  a.button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-height: 2.75rem;
    padding: 0.5rem 1rem;
    border: 1px solid var(--_accent);
    border-radius: var(--_radius);
    background: var(--_accent);
    color: var(--_surface);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
    text-decoration: none;
    transition: filter 0.15s ease;
  }
  button:hover,
  a.button:hover {
    filter: brightness(1.1);
  }
  button[disabled],
  button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.75;
  }
  :focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  [tabindex='-1']:focus {
    outline: none;
  }

  .alert:not(:empty) {
    margin: 0.75rem 0 0;
    padding: 0.5rem 0.75rem;
    border-left: 4px solid var(--_danger);
    border-radius: var(--_radius);
    background: color-mix(in srgb, var(--_danger) 10%, var(--_surface));
    color: var(--_danger);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  /* No dimming while a new search runs: it took text below AA contrast, and the button
     already says "Searching…" (aria-busy tells screen readers). */
  .content {
    margin-top: 1rem;
  }
  .count {
    margin: 0 0 0.5rem;
    color: var(--_muted);
    font-size: 0.875rem;
  }
  ol.results {
    display: grid;
    gap: 0.75rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .result {
    padding: 0.75rem;
    border: 1px solid var(--_line);
    border-radius: var(--_radius);
  }
  .result h3 {
    margin: 0;
    font-size: 1rem;
  }
  .link {
    min-height: 0;
    padding: 0;
    border: 0;
    background: none;
    color: var(--_accent);
    text-align: start;
    text-decoration: underline;
    text-underline-offset: 0.15em;
  }
  .link:hover {
    filter: none;
    text-decoration-thickness: 2px;
  }
  .snippet {
    margin: 0.35rem 0 0.5rem;
    color: var(--_muted);
    font-size: 0.9375rem;
  }
  .tags {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .tags li {
    padding: 0.05rem 0.5rem;
    border-radius: 999px;
    background: var(--_tint);
    font-size: 0.75rem;
  }

  article h3 {
    margin: 0.75rem 0 0.25rem;
    font-size: 1.2rem;
    line-height: 1.3;
  }
  .back {
    min-height: 2.75rem;
    padding: 0.5rem 0.75rem;
    border-color: var(--_line);
    background: transparent;
    color: var(--_accent);
  }
  .meta {
    margin: 0 0 0.75rem;
    color: var(--_muted);
    font-size: 0.875rem;
  }
  .summary {
    font-weight: 500;
  }
  .body h4 {
    margin: 1.25rem 0 0.4rem;
    font-size: 1.05rem;
  }
  .body h5,
  .body h6 {
    margin: 1rem 0 0.3rem;
    font-size: 1rem;
  }
  .body p,
  .body ul,
  .body ol,
  .body blockquote {
    margin: 0 0 0.75rem;
  }
  .body ul,
  .body ol {
    padding-left: 1.5rem;
  }
  .body li + li {
    margin-top: 0.25rem;
  }
  .body ul.checklist {
    padding-left: 0;
    list-style: none;
  }
  .body .check label {
    display: flex;
    gap: 0.5rem;
    align-items: flex-start;
    font-weight: normal;
  }
  .body .check input {
    flex: none;
    width: 1.1rem;
    height: 1.1rem;
    margin: 0.2rem 0 0;
    accent-color: var(--_accent);
  }
  .body blockquote {
    padding: 0.25rem 0.75rem;
    border-left: 4px solid var(--_line);
    color: var(--_muted);
  }
  .body code {
    font-size: 0.9em;
  }
  .body a {
    color: var(--_accent);
  }
  .body hr {
    border: 0;
    border-top: 1px solid var(--_line);
  }
  .table {
    max-width: 100%;
    margin: 0 0 0.75rem;
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
    font-size: 0.9375rem;
  }
  th,
  td {
    /* On a narrow widget the table scrolls sideways instead of squeezing words into columns. */
    min-width: 7em;
    padding: 0.35rem 0.5rem;
    border: 1px solid var(--_line);
    text-align: start;
    vertical-align: top;
  }
  th {
    background: var(--_tint);
  }

  /* Compact: for a sidebar or a card. Tighter, without hints, snippets and tags; touch
     targets keep their size. Hints stay the fields' descriptions for screen readers. */
  :host([layout='compact']) {
    padding: 0.75rem;
    font-size: 0.9375rem;
    line-height: 1.4;
  }
  :host([layout='compact']) h2 {
    margin-bottom: 0.5rem;
    font-size: 1.1rem;
  }
  :host([layout='compact']) :is(.hint, .snippet, .result .tags, .meta) {
    display: none;
  }

  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      transition: none !important;
      animation: none !important;
      scroll-behavior: auto !important;
    }
  }
`;

export const styles = [base, coachStyles];
