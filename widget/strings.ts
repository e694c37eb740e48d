/**
 * Every word the widget shows or announces. One object per locale, all of the same shape,
 * so that adding a language is adding an object (and choosing it from `lang`).
 */
export interface Strings {
  heading: string;
  menteeHeading: string;
  mentorHeading: string;
  searchLabel: string;
  searchHint: string;
  searchButton: string;
  searching: string;
  found: (count: number) => string;
  noResults: string;
  resultsLabel: string;
  topicsLabel: string;
  back: string;
  backToCoach: string;
  readingTime: (minutes: number) => string;
  loading: string;
  noIdentity: string;
  goalsHeading: string;
  noGoals: string;
  progress: (percent: number) => string;
  due: (date: string) => string;
  status: Record<string, string>;
  checkIn: string;
  checkInTitle: (goal: string) => string;
  progressLabel: string;
  confidenceLabel: string;
  confidenceHint: string;
  winsLabel: string;
  blockersLabel: string;
  save: string;
  cancel: string;
  saving: string;
  saved: (goal: string, percent?: number) => string;
  nextHeading: string;
  questionLabel: string;
  questionHint: string;
  nextButton: string;
  stepsReady: (count: number) => string;
  forGoal: (goal: string) => string;
  stuckHeading: string;
  statementLabel: string;
  statementHint: string;
  reframeButton: string;
  patternsLabel: string;
  nextAction: string;
  reframeReady: string;
  planHeading: string;
  menteeLabel: string;
  noMentees: string;
  durationLabel: string;
  minutes: (count: number) => string;
  stageLabel: string;
  stages: Record<string, string>;
  focusLabel: string;
  focusHint: string;
  planButton: string;
  agendaReady: (title: string, items: number) => string;
  ledBy: Record<string, string>;
  owner: Record<string, string>;
  preparation: string;
  followUps: string;
  copy: string;
  copied: string;
  print: string;
  writing: string;
  working: string;
  sources: string;
  readMore: string;
  helpful: string;
  notHelpful: string;
  feedbackLabel: string;
  thanks: string;
  safetyContacts: string;
  errors: {
    network: string;
    offline: string;
    expired: string;
    rateLimited: (seconds?: number) => string;
    server: string;
    incomplete: string;
    unexpected: string;
  };
}

export const en: Strings = {
  heading: 'Find mentoring guidance',
  menteeHeading: 'Your coach',
  mentorHeading: 'Plan your next session',
  searchLabel: 'What would you like help with?',
  searchHint: 'Describe it in your own words, for example “planning our first session”.',
  searchButton: 'Search',
  searching: 'Searching…',
  found: (count) => (count === 1 ? '1 resource found' : `${count} resources found`),
  noResults: 'Nothing in the library matches yet. Try describing it another way.',
  resultsLabel: 'Results',
  topicsLabel: 'Topics',
  back: 'Back to results',
  backToCoach: 'Back',
  readingTime: (minutes) => `${minutes} min read`,
  loading: 'Loading…',
  noIdentity: 'Sign in on this site to see your coach.',
  goalsHeading: 'Your goals',
  noGoals: 'No goals yet. Ask your mentor to set one with you.',
  progress: (percent) => `${percent}% done`,
  due: (date) => `due ${date}`,
  status: { active: '', paused: 'paused', completed: 'done', abandoned: 'set aside' },
  checkIn: 'Check in',
  checkInTitle: (goal) => `Check in on “${goal}”`,
  progressLabel: 'Progress (0 to 100)',
  confidenceLabel: 'Confidence',
  confidenceHint: '1 is not sure at all, 5 is sure',
  winsLabel: 'Wins',
  blockersLabel: 'What is in the way',
  save: 'Save check-in',
  cancel: 'Cancel',
  saving: 'Saving…',
  saved: (goal, percent) => `Check-in saved for “${goal}”${percent === undefined ? '' : `, now ${percent}% done`}.`,
  nextHeading: 'What next?',
  questionLabel: 'Your question (optional)',
  questionHint: 'For example “how do I find time to practise?”',
  nextButton: 'What should I do next?',
  stepsReady: (count) => (count === 1 ? 'One next step is ready.' : `${count} next steps are ready.`),
  forGoal: (goal) => `For: ${goal}`,
  stuckHeading: 'Stuck on a thought?',
  statementLabel: 'Write the thought down as it comes',
  statementHint: 'For example “everyone else gets this faster than me”.',
  reframeButton: 'Help me see it differently',
  patternsLabel: 'Thinking patterns',
  nextAction: 'One small step',
  reframeReady: 'Some other ways to see it are ready.',
  planHeading: 'Your next session',
  menteeLabel: 'Mentee',
  noMentees: 'You have no mentees paired with you yet.',
  durationLabel: 'Length',
  minutes: (count) => `${count} min`,
  stageLabel: 'Kind of session',
  stages: { '': 'Decide for me', kickoff: 'First session', regular: 'Regular session', closing: 'Closing session' },
  focusLabel: 'Focus (optional)',
  focusHint: 'Anything you want to make room for.',
  planButton: 'Plan the session',
  agendaReady: (title, items) => `Agenda ready: ${title}, in ${items} parts.`,
  ledBy: { mentor: 'Led by you', mentee: 'Led by your mentee', both: 'Together' },
  owner: { mentor: 'You', mentee: 'Your mentee', both: 'Both of you' },
  preparation: 'Before the session',
  followUps: 'After the session',
  copy: 'Copy',
  copied: 'Agenda copied.',
  print: 'Print',
  writing: 'Writing…',
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
    rateLimited: (seconds) => `Too many requests. Try again in ${seconds ?? 'a few'} seconds.`,
    server: 'The coach had a problem on its side. Try again in a moment.',
    incomplete: 'The answer was cut off. Please try again.',
    unexpected: 'Something went wrong. Please try again.',
  },
};

export const strings: Strings = en;
