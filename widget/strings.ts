/**
 * Every word the widget shows or announces. One object per locale, all of the same shape,
 * so that adding a language is adding an object (and choosing it from `lang`).
 */
export interface Strings {
  heading: string;
  searchLabel: string;
  searchHint: string;
  searchButton: string;
  searching: string;
  found: (count: number) => string;
  noResults: string;
  resultsLabel: string;
  topicsLabel: string;
  back: string;
  readingTime: (minutes: number) => string;
  errors: {
    network: string;
    unexpected: string;
  };
}

export const en: Strings = {
  heading: 'Find mentoring guidance',
  searchLabel: 'What would you like help with?',
  searchHint: 'Describe it in your own words, for example “planning our first session”.',
  searchButton: 'Search',
  searching: 'Searching…',
  found: (count) => (count === 1 ? '1 resource found' : `${count} resources found`),
  noResults: 'Nothing in the library matches yet. Try describing it another way.',
  resultsLabel: 'Results',
  topicsLabel: 'Topics',
  back: 'Back to results',
  readingTime: (minutes) => `${minutes} min read`,
  errors: {
    network: 'The coach could not be reached. Check your connection and try again.',
    unexpected: 'Something went wrong. Please try again.',
  },
};

export const strings: Strings = en;
