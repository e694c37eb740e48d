import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { widgetLocalesDir } from '../../server/paths.ts';
import { en, fill, mergeStrings, type Phrase, translationTag } from '../../widget/strings.ts';

/** The widget's words as data: filling, plurals, a host's overrides, and every translation complete. */

const placeholders = (phrase: Phrase): string[] =>
  [
    ...new Set(
      Object.values(typeof phrase === 'string' ? { other: phrase } : phrase).flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!)),
    ),
  ].sort();

/** Every phrase of a strings object, by dotted key. */
function phrases(strings: Record<string, unknown>, prefix = ''): Map<string, Phrase> {
  const found = new Map<string, Phrase>();
  for (const [key, value] of Object.entries(strings)) {
    const isPlural = typeof value === 'object' && value !== null && 'other' in value;
    if (typeof value === 'string' || isPlural) found.set(`${prefix}${key}`, value as Phrase);
    else for (const [inner, phrase] of phrases(value as Record<string, unknown>, `${prefix}${key}.`)) found.set(inner, phrase);
  }
  return found;
}

describe('filling a phrase', () => {
  it('puts values in their places and picks the plural form by count', () => {
    expect(fill(en.found, { count: 1 })).toBe('1 resource found');
    expect(fill(en.found, { count: 0 })).toBe('0 resources found');
    expect(fill(en.found, { count: 12 })).toBe('12 resources found');
    expect(fill(en.savedProgress, { goal: 'SQL', percent: 70 })).toBe('Check-in saved for “SQL”, now 70% done.');
    expect(fill({ one: 'une', other: '{count} fiches' }, { count: 0 }, 'fr')).toBe('une');
    expect(fill({ zero: 'aucune fiche', one: 'une', other: '{count} fiches' }, { count: 0 }, 'fr')).toBe('aucune fiche');
  });

  it('leaves a placeholder it has no value for as written, rather than printing "undefined"', () => {
    expect(fill('due {date}')).toBe('due {date}');
  });
});

describe("a host's phrases", () => {
  it('replace phrases of the same shape and ignore everything else', () => {
    const merged = mergeStrings(en, {
      heading: 'Ask the library',
      found: { one: '{count} guide', other: '{count} guides' },
      stepsReady: 'Steps ready.',
      searchButton: 42,
      errors: { offline: 'No signal.', nonsense: 'x' },
      status: 'flat',
      unknown: 'x',
      __proto__: { heading: 'no' },
    });
    expect(merged.heading).toBe('Ask the library');
    expect(fill(merged.found, { count: 2 })).toBe('2 guides');
    expect(merged.stepsReady).toBe('Steps ready.');
    expect(merged.searchButton).toBe('Search');
    expect(merged.errors.offline).toBe('No signal.');
    expect(merged.errors).not.toHaveProperty('nonsense');
    expect(merged.status).toEqual(en.status);
    expect(merged).not.toHaveProperty('unknown');
    expect(en.heading).toBe('Find mentoring guidance');
  });

  it('are ignored altogether when they are not an object', () => {
    expect(mergeStrings(en, 'heading')).toBe(en);
    expect(mergeStrings(en, null)).toBe(en);
  });
});

describe('the translations', () => {
  const files = readdirSync(widgetLocalesDir).filter((file) => file.endsWith('.json'));
  const english = phrases(en);

  it('include French', () => {
    expect(files).toContain('fr.json');
  });

  it.each(files)('%s has every phrase, with the same placeholders, and nothing else', (file) => {
    const translated = phrases(JSON.parse(readFileSync(join(widgetLocalesDir, file), 'utf8')));
    expect([...translated.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [key, phrase] of english) {
      expect(placeholders(translated.get(key)!), key).toEqual(placeholders(phrase));
      expect(typeof translated.get(key), key).toBe(typeof phrase);
    }
  });

  it('are asked for by language tag, English needing none', () => {
    expect(translationTag('fr')).toBe('fr');
    expect(translationTag('fr-ca')).toBe('fr-CA');
    expect(translationTag('pt_BR')).toBe('pt-BR');
    expect(translationTag('en-GB')).toBeUndefined();
    expect(translationTag('../../etc/passwd')).toBeUndefined();
    expect(translationTag('')).toBeUndefined();
  });
});
