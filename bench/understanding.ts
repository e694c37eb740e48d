import { readSplit } from '../server/understanding/dataset.ts';
import { Reader } from '../server/understanding/reader.ts';
import { Understanding } from '../server/understanding/understanding.ts';
import { percentile, round } from './stats.ts';

export interface UnderstandingTimes {
  texts: number;
  characters: number;
  p50Ms: number;
  p90Ms: number;
}

/**
 * Screening plus detection (the learned model, the safety rules and the words that carried
 * each call) of texts of a given length, built by joining statements of the dev split into
 * posts. A fresh Understanding per pass, so no text is answered from its cache.
 */
export function timeUnderstanding(characters: number, texts = 300, passes = 5): UnderstandingTimes {
  const reader = Reader.load();
  const statements = readSplit('dev-').examples.map((example) => example.text);
  const posts: string[] = [];
  for (let post = 0; post < texts; post++) {
    let text = '';
    for (let next = post * 7; text.length < characters; next++) text += `${statements[next % statements.length]} `;
    posts.push(text.slice(0, characters));
  }
  // Warm up: the first texts also fill the word caches, as the first requests of a server do.
  const warm = new Understanding(reader);
  for (const post of posts) warm.read(post);
  const times: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    const understanding = new Understanding(reader);
    for (const post of posts) {
      const started = performance.now();
      understanding.read(post);
      times.push(performance.now() - started);
    }
  }
  return { texts: posts.length, characters, p50Ms: round(percentile(times, 0.5), 2), p90Ms: round(percentile(times, 0.9), 2) };
}
