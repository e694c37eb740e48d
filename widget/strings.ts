/**
 * Every word the widget shows or announces, as data: plain strings with `{name}` placeholders,
 * and `{ one, other }` where the words change with a number. Being data, a translation is a
 * JSON file (the server serves some under /widget/locales/) and a host can override any
 * phrase from an attribute, with no script of its own.
 */

export interface Plural {
  zero?: string;
  one: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}
export type Phrase = string | Plural;

export const en = {
  heading: 'Find mentoring guidance',
  menteeHeading: 'Your coach',
  mentorHeading: 'Plan your next session',
  searchLabel: 'What would you like help with?',
  searchHint: 'Describe it in your own words, for example “planning our first session”.',
  searchButton: 'Search',
  searching: 'Searching…',
  found: { one: '{count} resource found', other: '{count} resources found' } as Phrase,
  noResults: 'Nothing in the library matches yet. Try describing it another way.',
  resultsLabel: 'Results',
  topicsLabel: 'Topics',
  back: 'Back to results',
  backToCoach: 'Back',
  readingTime: '{minutes} min read',
  loading: 'Loading…',
  noIdentity: 'Sign in on this site to see your coach.',
  goalsHeading: 'Your goals',
  noGoals: 'No goals yet. Ask your mentor to set one with you.',
  progress: '{percent}% done',
  due: 'due {date}',
  status: { active: '', paused: 'paused', completed: 'done', abandoned: 'set aside' } as Record<string, string>,
  checkIn: 'Check in',
  checkInTitle: 'Check in on “{goal}”',
  progressLabel: 'Progress (0 to 100)',
  confidenceLabel: 'Confidence',
  confidenceHint: '1 is not sure at all, 5 is sure',
  winsLabel: 'Wins',
  blockersLabel: 'What is in the way',
  save: 'Save check-in',
  cancel: 'Cancel',
  saving: 'Saving…',
  saved: 'Check-in saved for “{goal}”.',
  savedProgress: 'Check-in saved for “{goal}”, now {percent}% done.',
  nextHeading: 'What next?',
  questionLabel: 'Your question (optional)',
  questionHint: 'For example “how do I find time to practise?”',
  nextButton: 'What should I do next?',
  stepsReady: { one: 'One next step is ready.', other: '{count} next steps are ready.' } as Phrase,
  forGoal: 'For: {goal}',
  stuckHeading: 'Stuck on a thought?',
  statementLabel: 'Write the thought down as it comes',
  statementHint: 'For example “everyone else gets this faster than me”.',
  reframeButton: 'Help me see it differently',
  patternsLabel: 'Thinking patterns',
  youWrote: 'You wrote “{quote}”',
  nextAction: 'One small step',
  reframeReady: 'Some other ways to see it are ready.',
  planHeading: 'Your next session',
  menteeLabel: 'Mentee',
  noMentees: 'You have no mentees paired with you yet.',
  durationLabel: 'Length',
  minutes: '{count} min',
  stageLabel: 'Kind of session',
  stages: { '': 'Decide for me', kickoff: 'First session', regular: 'Regular session', review: 'Mid-point review', closing: 'Closing session' } as Record<
    string,
    string
  >,
  focusLabel: 'Focus (optional)',
  focusHint: 'Anything you want to make room for.',
  planButton: 'Plan the session',
  agendaReady: { one: 'Agenda ready: {title}, in one part.', other: 'Agenda ready: {title}, in {count} parts.' } as Phrase,
  ledBy: { mentor: 'Led by you', mentee: 'Led by your mentee', both: 'Together' } as Record<string, string>,
  owner: { mentor: 'You', mentee: 'Your mentee', both: 'Both of you' } as Record<string, string>,
  preparation: 'Before the session',
  followUps: 'After the session',
  copy: 'Copy',
  copied: 'Agenda copied.',
  print: 'Print',
  send: 'Send',
  shared: 'Agenda shared.',
  working: 'Working…',
  sources: 'Drawn from',
  readMore: 'Read more',
  helpful: 'Helpful',
  notHelpful: 'Not helpful',
  feedbackLabel: 'Was this useful?',
  thanks: 'Thank you for your feedback.',
  safetyContacts: 'People you can contact',
  errors: {
    network: 'The coach could not be reached. Check your connection and try again.',
    offline: 'You are offline. Reconnect, then try again.',
    expired: 'Your session has ended. Reload the page to continue.',
    rateLimited: 'Too many requests. Try again in {seconds} seconds.',
    rateLimitedSoon: 'Too many requests. Try again in a moment.',
    server: 'The coach had a problem on its side. Try again in a moment.',
    incomplete: 'The answer was cut off. Please try again.',
    unexpected: 'Something went wrong. Please try again.',
  },
};

export type Strings = typeof en;
type Values = Record<string, string | number>;

/** The phrase with its placeholders filled; a plural picks its form by `values.count`. */
export function fill(phrase: Phrase, values: Values = {}, locale = 'en'): string {
  let template: string;
  if (typeof phrase === 'string') template = phrase;
  else {
    const count = Number(values.count ?? 0);
    // An exact zero reads better as its own sentence where a translation gives one.
    const form = count === 0 && phrase.zero ? 'zero' : new Intl.PluralRules(locale).select(count);
    template = phrase[form as keyof Plural] ?? phrase.other;
  }
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

function isPlural(value: unknown): value is Plural {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as Plural).one === 'string' &&
    typeof (value as Plural).other === 'string'
  );
}

/**
 * `base` with whatever of `overrides` has the same shape: a string for a string, a plural
 * or a string for a plural, strings inside a group. Anything else (an unknown key, a number,
 * a typo'd group) is ignored, so a host's mistake costs a phrase, never the widget.
 */
export function mergeStrings(base: Strings, overrides: unknown): Strings {
  if (typeof overrides !== 'object' || overrides === null) return base;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = merged[key];
    if (current === undefined || !Object.hasOwn(base, key)) continue;
    if (typeof value === 'string') {
      if (typeof current === 'string' || isPlural(current)) merged[key] = value;
    } else if (isPlural(value) && (typeof current === 'string' || isPlural(current))) {
      merged[key] = value;
    } else if (typeof current === 'object' && !isPlural(current) && typeof value === 'object' && value !== null) {
      const group = { ...(current as Record<string, string>) };
      for (const [name, text] of Object.entries(value)) if (typeof text === 'string' && Object.hasOwn(group, name)) group[name] = text;
      merged[key] = group;
    }
  }
  return merged as Strings;
}

/**
 * The locale as a translation file names it (`fr`, `fr-CA`), or undefined for English, which
 * is built in, and for anything that is not a language tag.
 */
export function translationTag(locale: string): string | undefined {
  const match = /^([a-z]{2,3})(?:[-_]([a-z]{2}|\d{3}))?(?:[-_].*)?$/i.exec(locale.trim());
  if (!match || match[1]!.toLowerCase() === 'en') return undefined;
  return match[2] ? `${match[1]!.toLowerCase()}-${match[2].toUpperCase()}` : match[1]!.toLowerCase();
}
