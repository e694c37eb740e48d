/**
 * npm run train: trains the learned safety screen and thinking-pattern detector from the
 * labelled data in server/understanding/data (the train- files), chooses the settings and the
 * thresholds on the dev split (the dev- files), and writes server/understanding/model.bin.
 * Deterministic: the same data gives the same bytes. The held-out test split is never read.
 */
import { writeFileSync } from 'node:fs';
import { screen } from '../coach/safety.ts';
import { dataDir, readSplit } from './dataset.ts';
import { sparseFeatures } from './features.ts';
import { knownOf, LABELS, type LabelledText, PATTERN_LABELS, SAFETY_LABELS, targetsOf } from './labels.ts';
import { LinearModel } from './linear-model.ts';
import { score } from './metrics.ts';
import { localMeaning, modelFile, Reader } from './reader.ts';
import { type TrainOptions, train } from './train.ts';
import { asCall, Understanding } from './understanding.ts';

/**
 * Dev-split ceilings at or under the targets (5% of calm texts flagged, 10% of clean
 * ones). The false-flag ceiling is for the screen as shipped, the model or the rules: the calm
 * texts the rules flag use up part of it. The dev split's calm texts are hard ones (figures of
 * speech, danger as a topic, history), and a missed crisis costs more than a false flag, so
 * the ceiling is the target itself rather than a margin under it.
 */
const MAX_FALSE_FLAGS = 0.05;
/**
 * 0.07 at first, which gave 0.073 on dev and 0.139 on the first test split (authors G and H):
 * the ceiling did not carry over to text written elsewhere, so it is held at 0.04, and a new
 * test split (authors T and U) measures the result.
 */
const MAX_TRAP_IN_CLEAN = 0.04;

export function buildModel(log: (line: string) => void = console.log): { bytes: Buffer; model: LinearModel } {
  const embed = localMeaning();
  const training = readSplit('train-');
  const dev = readSplit('dev-');
  const ruled = dev.examples.map((example) => screen(example.text).flagged);
  const examples = training.examples.map((example) => ({
    features: sparseFeatures(example.text),
    meaning: embed(example.text),
    targets: targetsOf(example),
    known: knownOf(example),
  }));
  const grid: TrainOptions[] = [];
  // The grid around the best of an earlier, wider one (8 and 16 epochs, rates 0.2 and 0.5, L2
  // 1e-3 and 3e-3, where more epochs and the higher rate won and L2 hardly mattered).
  for (const epochs of [16, 24]) for (const learningRate of [0.5, 1]) grid.push({ epochs, learningRate, l2: 1e-3, seed: 1 });
  let best: { model: LinearModel; recall: number; objective: number; options: TrainOptions } | undefined;
  for (const options of grid) {
    const model = LinearModel.empty({ dense: 100, thresholds: {}, trainedOn: training.sha256 });
    train(model, examples, options);
    const reader = new Reader(model);
    tuneThresholds(reader, dev.examples, ruled);
    const shipped = new Understanding(reader);
    const scores = score(
      dev.examples,
      dev.examples.map((example) => asCall(shipped.read(example.text))),
      LABELS,
    );
    const objective = scores.crisisRecall + scores.rightCategory + scores.trapNoticed + 2 * scores.trapNamed;
    log(
      `epochs ${options.epochs}, rate ${options.learningRate}, l2 ${options.l2}: crisis recall ${scores.crisisRecall.toFixed(3)}, false flags ${scores.falseFlags.toFixed(3)}, trap noticed ${scores.trapNoticed.toFixed(3)}, named ${scores.trapNamed.toFixed(3)}, in clean ${scores.trapInClean.toFixed(3)}`,
    );
    // A missed crisis costs more than anything else the screen gets wrong: crisis recall decides
    // first, and the rest only between settings that catch as many crises. (With the everyday
    // texts added, the sum alone chose a setting that missed two more dev crises for better
    // trap names.)
    if (!best || scores.crisisRecall > best.recall || (scores.crisisRecall === best.recall && objective > best.objective))
      best = { model, recall: scores.crisisRecall, objective, options };
  }
  const chosen = best!;
  log(`chosen: epochs ${chosen.options.epochs}, rate ${chosen.options.learningRate}, l2 ${chosen.options.l2}`);
  return { bytes: chosen.model.encode(), model: chosen.model };
}

/**
 * Thresholds on the dev split: "any crisis" and "any trap" as low as the ceilings on false
 * flags allow (for "any crisis", counting the calm texts the rules flag whatever the model
 * says); each category and pattern where its F1 on dev is highest.
 */
function tuneThresholds(reader: Reader, dev: LabelledText[], ruled: boolean[]): void {
  const readings = dev.map((example) => reader.read(example.text));
  const thresholds = reader.model.header.thresholds;
  const candidates = Array.from({ length: 99 }, (_, index) => (index + 1) / 100);
  const lowestWithin = (label: string, negative: (example: LabelledText) => boolean, ceiling: number, flaggedAnyway: boolean[] = []) => {
    const negatives = readings.flatMap((reading, index) => (negative(dev[index]!) ? [{ reading, anyway: flaggedAnyway[index] ?? false }] : []));
    const flagged = (threshold: number) => negatives.filter(({ reading, anyway }) => anyway || reading.probability(label) >= threshold).length;
    return candidates.find((threshold) => flagged(threshold) / Math.max(1, negatives.length) <= ceiling) ?? 0.99;
  };
  for (const label of [...SAFETY_LABELS, ...PATTERN_LABELS]) {
    let bestF1 = -1;
    for (const threshold of candidates) {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      readings.forEach((reading, index) => {
        const said = reading.probability(label) >= threshold;
        const is = dev[index]!.safety.includes(label) || dev[index]!.patterns.includes(label);
        if (said && is) tp++;
        else if (said) fp++;
        else if (is) fn++;
      });
      const f1 = tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
      if (f1 > bestF1) {
        bestF1 = f1;
        thresholds[label] = threshold;
      }
    }
  }
  // Categories then only name a crisis; the union head decides whether there is one. A text is
  // flagged when the rules, any category or the union head says so: the union head gets what
  // is left of the ceiling, and the categories are held tighter if nothing is left.
  for (let share = 3; ; share *= 2) {
    for (const label of SAFETY_LABELS)
      thresholds[label] = Math.max(
        thresholds[label]!,
        lowestWithin(label, (example) => !example.safety.length, MAX_FALSE_FLAGS / share),
      );
    const anyway = readings.map((reading, index) => ruled[index]! || SAFETY_LABELS.some((label) => reading.probability(label) >= thresholds[label]!));
    thresholds['any-crisis'] = lowestWithin('any-crisis', (example) => !example.safety.length, MAX_FALSE_FLAGS, anyway);
    const calm = dev.flatMap((example, index) => (example.safety.length ? [] : [index]));
    const flagged = calm.filter((index) => anyway[index] || readings[index]!.probability('any-crisis') >= thresholds['any-crisis']!).length;
    if (flagged / calm.length <= MAX_FALSE_FLAGS || share > 48) break;
  }
  thresholds['any-pattern'] = lowestWithin('any-pattern', (example) => !example.patterns.length, MAX_TRAP_IN_CLEAN);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { bytes } = buildModel();
  writeFileSync(modelFile, bytes);
  console.log(`wrote ${modelFile} (${(bytes.length / 1024).toFixed(0)} KB) from ${dataDir}`);
}
