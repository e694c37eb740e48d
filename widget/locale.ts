import { withoutTrailingSlashes } from './request.ts';
import { type Strings, translationTag } from './strings.ts';

/**
 * Which language the widget speaks, and its translation from the coach server. Translations
 * are JSON beside the script (/widget/locales/fr.json; the server answers fr-CA with fr when
 * it has no Canadian one), fetched once per page however many widgets ask, so a locale costs
 * the bundle nothing and a program can add its own.
 */

/** The `locale` attribute, else the nearest `lang` around the element, else the page's. */
export function resolveLocale(explicit: string | undefined, element: Element): string {
  const inherited = element.closest('[lang]')?.getAttribute('lang') ?? document.documentElement.lang;
  return (explicit || inherited || 'en').trim();
}

const loaded = new Map<string, Promise<Partial<Strings> | undefined>>();

async function fetchTranslation(server: string, tag: string): Promise<Partial<Strings> | undefined> {
  try {
    const response = await fetch(new URL(`widget/locales/${tag}.json`, `${withoutTrailingSlashes(server)}/`));
    return response.ok ? ((await response.json()) as Partial<Strings>) : undefined;
  } catch {
    // Offline or blocked: the widget stays in English, which is better than no widget.
    return undefined;
  }
}

/** The translation for `locale`, or undefined for English and for a language the server lacks. */
export function loadLocale(server: string, locale: string): Promise<Partial<Strings> | undefined> {
  const tag = translationTag(locale);
  if (!tag) return Promise.resolve(undefined);
  const key = `${server} ${tag}`;
  let translation = loaded.get(key);
  if (!translation) loaded.set(key, (translation = fetchTranslation(server, tag)));
  return translation;
}

/** A calendar date (`2026-12-01`) as the reader's language writes it. */
export function formatDate(isoDate: string, language: string): string {
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  try {
    return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
  } catch {
    return isoDate;
  }
}
