import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../paths.ts';
import { sentenceVectors } from '../retrieval/local-embedder.ts';
import { sentences } from '../text/sentences.ts';
import { sparseFeatures, type SparseFeatures } from './features.ts';
import type { SafetyCategory } from '../coach/safety.ts';
import type { Pattern } from '../coach/thinking-patterns.ts';
import { PATTERN_LABELS, SAFETY_LABELS } from './labels.ts';
import { LinearModel } from './linear-model.ts';

export const modelFile = join(projectRoot, 'server/understanding/model.bin');
/** Texts are read whole and, when longer than one sentence, sentence by sentence too. */
const MAX_SENTENCES = 60;

export type Embed = (text: string) => Float32Array;

/** Where a label was seen, and the words that carried it there. */
export interface Evidence {
  probability: number;
  /** The sentence (or the whole short text) that scored highest. */
  text: string;
  /** Its words that pushed the label up most, in the order they stand. */
  words: string[];
  /** The stretch of the writer's own words around the strongest of them, to quote back. */
  quote: string;
}

export interface Reading {
  /** Highest probability of each label over the whole text and its sentences. */
  probability(label: string): number;
  evidence(label: string): Evidence;
}

/** The local meaning vector, from the same word vectors the search uses. */
export const localMeaning = (): Embed => sentenceVectors();

/**
 * The learned model, reading a text: each label's probability over the whole text and each of
 * its sentences (a crisis buried in a long post counts where it stands), and for each label the
 * words that carried it.
 */
export class Reader {
  constructor(readonly model: LinearModel, private readonly embed: Embed) {}

  static load(embed: Embed = localMeaning(), path = modelFile): Reader {
    return new Reader(LinearModel.decode(readFileSync(path)), embed);
  }

  read(text: string): Reading {
    const parts = sentences(text).slice(0, MAX_SENTENCES);
    const units = parts.length > 1 ? [text, ...parts] : [text];
    const scored = units.map((unit) => {
      const features = sparseFeatures(unit);
      return { unit, features, probabilities: this.model.probabilities(features, this.embed(unit)) };
    });
    const best = (label: string) => {
      const index = this.model.labels.indexOf(label);
      return scored.reduce((top, entry) => (entry.probabilities[index]! > top.probabilities[index]! ? entry : top));
    };
    return {
      probability: (label) => best(label).probabilities[this.model.labels.indexOf(label)]!,
      evidence: (label) => {
        const index = this.model.labels.indexOf(label);
        const entry = best(label);
        const carriers = this.carriers(entry.features, index);
        return {
          probability: entry.probabilities[index]!, text: entry.unit,
          words: carriers.map((token) => entry.features.tokens[token]!.text), quote: quoteAround(entry.unit, entry.features, carriers),
        };
      },
    };
  }

  /** Up to four tokens whose part in the label's score was largest and positive, strongest first. */
  private carriers(features: SparseFeatures, label: number): number[] {
    const parts = this.model.tokenContributions(features, label);
    return [...parts.keys()].filter((token) => parts[token]! > 0).sort((left, right) => parts[right]! - parts[left]!).slice(0, 4);
  }

  threshold(label: string): number {
    return this.model.header.thresholds[label] ?? 0.5;
  }
}

/** How far (in tokens) from the strongest word another carrier may stand and still be quoted with it. */
const QUOTE_REACH = 6;

/**
 * The writer's words from the first to the last carrier near the strongest one, so the answer
 * can say "you wrote 'clearly not cut out for this'" rather than a list of loose words.
 */
function quoteAround(text: string, features: SparseFeatures, carriers: number[]): string {
  if (!carriers.length) return '';
  const strongest = carriers[0]!;
  const near = carriers.filter((token) => Math.abs(token - strongest) <= QUOTE_REACH);
  const first = Math.min(...near);
  const last = Math.max(...near);
  return text.slice(features.tokens[first]!.start, features.tokens[last]!.end);
}

/** The model's calls on a text, with the thresholds chosen on the dev split. */
export function decide(reader: Reader, reading: Reading): { safety?: SafetyCategory; patterns: Pattern[] } {
  const categories = SAFETY_LABELS.map((label) => ({ label, probability: reading.probability(label) })).sort((a, b) => b.probability - a.probability);
  const crisis = reading.probability('any-crisis') >= reader.threshold('any-crisis') || categories.some((entry) => entry.probability >= reader.threshold(entry.label));
  const patterns = PATTERN_LABELS.map((label) => ({ label, probability: reading.probability(label) })).sort((a, b) => b.probability - a.probability);
  const trap = reading.probability('any-pattern') >= reader.threshold('any-pattern');
  const named = trap ? patterns.filter((entry) => entry.probability >= reader.threshold(entry.label)).slice(0, 3) : [];
  return {
    ...(crisis ? { safety: categories[0]!.label } : {}),
    patterns: (trap && !named.length ? [patterns[0]!] : named).map((entry) => entry.label),
  };
}

