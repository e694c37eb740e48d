import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pattern } from '../coach/pattern-names.ts';
import type { SafetyCategory } from '../coach/safety.ts';
import { projectRoot } from '../paths.ts';
import { unitLength } from '../retrieval/local-embedder.ts';
import { type SparseFeatures, textFeatures, unitWeights } from './features.ts';
import { PATTERN_LABELS, SAFETY_LABELS } from './labels.ts';
import { LinearModel } from './linear-model.ts';
import { Meaning } from './meaning.ts';

export const modelFile = join(projectRoot, 'server/understanding/model.bin');
/** Texts are read whole and, when longer than one sentence, sentence by sentence too. */
const MAX_SENTENCES = 60;

/** A text's meaning vector, unit length (what the model is trained on). */
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
export const localMeaning = (): Embed => {
  const meaning = new Meaning();
  return (text) => meaning.of(text);
};

interface ScoredUnit {
  text: string;
  features: SparseFeatures;
  probabilities: Float32Array;
}

/**
 * The learned model, reading a text: each label's probability over the whole text and each of
 * its sentences (a crisis buried in a long post counts where it stands), and for each label the
 * words that carried it. The text's features and word vectors are read once for both.
 */
export class Reader {
  constructor(
    readonly model: LinearModel,
    private readonly meaning: Meaning = new Meaning(),
  ) {}

  static load(path = modelFile): Reader {
    return new Reader(LinearModel.decode(readFileSync(path)));
  }

  read(text: string): Reading {
    const found = textFeatures(text);
    const total = found.buckets.length;
    const wholeWeights = unitWeights(found.buckets, 0, total);
    const several = found.sentences.length > 1;
    const parts = found.sentences.map((sentence, index) => {
      const [start, end] = sentence.occurrences;
      return { start, end, ...(several && index < MAX_SENTENCES ? { weights: unitWeights(found.buckets, start, end) } : {}) };
    });
    const logits = this.model.unitLogits(found.buckets, wholeWeights, parts);
    const sums = found.sentences.map((sentence) => {
      const sum = new Float32Array(this.model.header.dense);
      this.meaning.addTokens(found, sentence.tokens[0], sentence.tokens[1], sum);
      return sum;
    });
    const wholeMeaning = new Float32Array(this.model.header.dense);
    for (const sum of sums) for (let dimension = 0; dimension < wholeMeaning.length; dimension++) wholeMeaning[dimension]! += sum[dimension]!;
    const view = (start: number, end: number, weights: Float32Array): SparseFeatures => ({
      buckets: found.buckets.subarray(start, end),
      from: found.from.subarray(start, end),
      to: found.to.subarray(start, end),
      weights,
      tokens: found.tokens,
    });
    const scored: ScoredUnit[] = [
      { text, features: view(0, total, wholeWeights), probabilities: this.model.withMeaning(logits.whole, unitLength(wholeMeaning)) },
    ];
    parts.forEach((part, index) => {
      if (!part.weights) return;
      const sentence = found.sentences[index]!;
      scored.push({
        text: text.slice(sentence.start, sentence.end),
        features: view(part.start, part.end, part.weights),
        probabilities: this.model.withMeaning(logits.parts[scored.length - 1]!, unitLength(sums[index]!)),
      });
    });
    const best = (index: number) => scored.reduce((top, entry) => (entry.probabilities[index]! > top.probabilities[index]! ? entry : top));
    return {
      probability: (label) => {
        const index = this.model.labels.indexOf(label);
        return best(index).probabilities[index]!;
      },
      evidence: (label) => {
        const index = this.model.labels.indexOf(label);
        const entry = best(index);
        const carriers = this.carriers(entry.features, index);
        return {
          probability: entry.probabilities[index]!,
          text: entry.text,
          words: carriers.map((token) => entry.features.tokens[token]!.text),
          quote: quoteAround(text, entry.features, carriers),
        };
      },
    };
  }

  /**
   * Up to four tokens whose part in the label's score was largest and positive, strongest first
   * (the earlier token first on a tie), picked in one pass rather than by sorting every token.
   */
  private carriers(features: SparseFeatures, label: number): number[] {
    const parts = this.model.tokenContributions(features, label);
    const top: number[] = [];
    for (let token = 0; token < parts.length; token++) {
      const part = parts[token]!;
      if (part <= 0 || (top.length === 4 && part <= parts[top[3]!]!)) continue;
      let at = top.length;
      while (at > 0 && parts[top[at - 1]!]! < part) at--;
      top.splice(at, 0, token);
      if (top.length > 4) top.pop();
    }
    return top;
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
  const crisis =
    reading.probability('any-crisis') >= reader.threshold('any-crisis') || categories.some((entry) => entry.probability >= reader.threshold(entry.label));
  const patterns = PATTERN_LABELS.map((label) => ({ label, probability: reading.probability(label) })).sort((a, b) => b.probability - a.probability);
  const trap = reading.probability('any-pattern') >= reader.threshold('any-pattern');
  const named = trap ? patterns.filter((entry) => entry.probability >= reader.threshold(entry.label)).slice(0, 3) : [];
  return {
    ...(crisis ? { safety: categories[0]!.label } : {}),
    patterns: (trap && !named.length ? [patterns[0]!] : named).map((entry) => entry.label),
  };
}
