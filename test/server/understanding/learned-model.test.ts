import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSplit } from '../../../server/understanding/dataset.ts';
import { sparseFeatures, textFeatures, tokens } from '../../../server/understanding/features.ts';
import { knownOf, LABELS, SAFETY_LABELS, targetsOf } from '../../../server/understanding/labels.ts';
import { LinearModel } from '../../../server/understanding/linear-model.ts';
import { decide, localMeaning, modelFile, Reader } from '../../../server/understanding/reader.ts';
import { train } from '../../../server/understanding/train.ts';

const embed = localMeaning();

describe('features', () => {
  it('tokens keep their place in the text, with apostrophes inside words only', () => {
    expect(tokens("I'm 'done' — don’t ask")).toEqual([
      { text: "i'm", start: 0, end: 3 },
      { text: 'done', start: 5, end: 9 },
      { text: "don't", start: 13, end: 18 },
      { text: 'ask', start: 19, end: 22 },
    ]);
  });

  it('hash words, pairs, character n-grams and cues into fixed buckets, with unit length', () => {
    const features = sparseFeatures('I never get anything right');
    expect(features.tokens.map((token) => token.text)).toEqual(['i', 'never', 'get', 'anything', 'right']);
    const sums = new Map<number, number>();
    for (const [index, bucket] of features.buckets.entries()) sums.set(bucket, (sums.get(bucket) ?? 0) + features.weights[index]!);
    expect(Math.hypot(...sums.values())).toBeCloseTo(1, 5);
    // A typo shares most of its character n-grams with the word it stands for.
    const shared = (left: string, right: string) => {
      const a = new Set(sparseFeatures(left).buckets);
      const b = sparseFeatures(right).buckets;
      return b.filter((bucket) => a.has(bucket)).length / b.length;
    };
    expect(shared('disappointed', 'dissapointed')).toBeGreaterThan(shared('disappointed', 'celebrating'));
  });
});

describe('the learned model', () => {
  const sample = readSplit('train-').examples.filter((_, index) => index % 8 === 0);
  const examples = sample.map((example) => ({ features: sparseFeatures(example.text), meaning: embed(example.text), targets: targetsOf(example) }));
  const fitted = (seed: number) => {
    const model = LinearModel.empty({ dense: 100, thresholds: {}, trainedOn: 'sample' });
    train(model, examples, { epochs: 3, learningRate: 0.3, l2: 1e-3, seed });
    return model.encode();
  };

  it('trains deterministically: the same data and seed give the same bytes', () => {
    const first = fitted(7);
    expect(fitted(7).equals(first)).toBe(true);
    expect(fitted(8).equals(first)).toBe(false);
  });

  it('learns nothing for the labels a text was not judged for (everyday texts teach the safety heads only)', () => {
    const everyday = { text: 'Sold 22 of 30 boards at the market and my legs hurt tho', safety: [], patterns: [], labelled: 'safety' as const };
    const row = { features: sparseFeatures(everyday.text), meaning: embed(everyday.text), targets: targetsOf(everyday), known: knownOf(everyday) };
    const model = LinearModel.empty({ dense: 100, thresholds: {}, trainedOn: 'one' });
    train(model, [row], { epochs: 2, learningRate: 0.3, l2: 1e-3, seed: 1 });
    LABELS.forEach((label, at) => {
      const judged = label === 'any-crisis' || (SAFETY_LABELS as readonly string[]).includes(label);
      expect(model.bias[at] !== 0, label).toBe(judged);
    });
  });

  it('survives its file format: weights within int8 quantisation, header and biases exact', () => {
    const model = LinearModel.empty({ dense: 100, thresholds: { 'any-crisis': 0.4 }, trainedOn: 'x' });
    train(model, examples.slice(0, 50), { epochs: 1, learningRate: 0.3, l2: 1e-3, seed: 1 });
    const copy = LinearModel.decode(model.encode());
    expect(copy.header).toEqual(model.header);
    expect(Array.from(copy.bias)).toEqual(Array.from(model.bias));
    const largest = (model.sparse as Float32Array).reduce((top, value) => Math.max(top, Math.abs(value)), 0);
    let worst = 0;
    for (let index = 0; index < model.sparse.length; index += 97)
      worst = Math.max(worst, Math.abs(copy.sparse[index]! * copy.sparseScales[index % LABELS.length]! - model.sparse[index]!));
    expect(worst).toBeLessThanOrEqual(largest / 127);
  });

  it('the committed model was trained on the committed data (npm run train writes it)', () => {
    const model = LinearModel.decode(readFileSync(modelFile));
    expect(model.header.trainedOn).toBe(readSplit('train-').sha256);
    expect(model.labels).toEqual([...LABELS]);
    for (const label of ['any-crisis', 'any-pattern']) expect(model.header.thresholds[label]).toBeGreaterThan(0);
  });

  it('reads a long text sentence by sentence, and names the words that carried a call', () => {
    const reader = Reader.load();
    const text =
      'Week three of the placement went fine and I got good feedback on my first report. ' +
      'My manager was friendly and the team took me to lunch on Friday. ' +
      'But honestly tonight I am going to kill myself, I have the pills ready.';
    const reading = reader.read(text);
    expect(decide(reader, reading).safety).toBeDefined();
    const evidence = reading.evidence('any-crisis');
    expect(evidence.text).toContain('kill myself');
    expect(evidence.words.some((word) => ['kill', 'myself', 'pills'].includes(word))).toBe(true);
    expect(decide(reader, reader.read('Week three went fine and I got good feedback on my first report.')).safety).toBeUndefined();
    expect(evidence.quote.length).toBeGreaterThan(0);
    expect(text).toContain(evidence.quote);
  });

  it('reads a text and its sentences in one pass, scoring each exactly as it would be scored alone', () => {
    const reader = Reader.load();
    const parts = ['Placement week three went fine.', 'But honestly tonight I am done with all of it!', 'Nobody would notice if I was gone tbh'];
    const whole = parts.join('  ');
    const alone = (text: string, label: string) => reader.model.probabilities(sparseFeatures(text), embed(text))[LABELS.indexOf(label as never)]!;
    const reading = reader.read(whole);
    for (const label of ['any-crisis', 'self-harm', 'any-pattern', 'labeling']) {
      const best = Math.max(alone(whole, label), ...parts.map((part) => alone(part, label)));
      expect(reading.probability(label)).toBeCloseTo(best, 5);
    }
    // The text's sentences laid end to end are the text: no pair of words across a sentence end.
    const features = textFeatures(whole);
    expect(features.sentences.map((sentence) => whole.slice(sentence.start, sentence.end))).toEqual(parts);
    expect(features.sentences.at(-1)!.occurrences[1]).toBe(features.buckets.length);
    expect(Array.from(sparseFeatures(parts[0]!).buckets)).toEqual(Array.from(features.buckets.subarray(...features.sentences[0]!.occurrences)));
  });
});
