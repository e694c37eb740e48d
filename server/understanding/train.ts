import { seededRandom } from '../seeded-random.ts';
import type { SparseFeatures } from './features.ts';
import type { LinearModel } from './linear-model.ts';

export interface TrainingExample {
  features: SparseFeatures;
  meaning: Float32Array;
  targets: Uint8Array;
  /** Per label, 1 when the example was judged for it (labels.ts knownOf); without it, all were. */
  known?: Uint8Array;
}

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  /** L2 penalty on the weights a step touches. */
  l2: number;
  seed: number;
}

/** Each bucket once, with the summed weight of its occurrences. */
function compact(features: SparseFeatures): { buckets: Uint32Array; values: Float32Array } {
  const sums = new Map<number, number>();
  for (const [index, bucket] of features.buckets.entries()) sums.set(bucket, (sums.get(bucket) ?? 0) + features.weights[index]!);
  return { buckets: Uint32Array.from(sums.keys()), values: Float32Array.from(sums.values()) };
}

/**
 * Fits the model in place: logistic loss per label, positives weighted by the square root of
 * how much rarer they are, AdaGrad steps on the weights each example touches.
 *
 * Written here rather than with a library: TensorFlow.js was tried first and measured on this
 * machine. Its gather gradient, the way to train on hashed sparse features, took 12 GB and more
 * than nine minutes for 40 small steps, and the dense alternative took 370 ms a step (about five
 * minutes a run). The loop below trains on the whole set in seconds, deterministically.
 */
export function train(model: LinearModel, examples: TrainingExample[], options: TrainOptions): void {
  const width = model.labels.length;
  const { sparse } = model;
  if (!(sparse instanceof Float32Array)) throw new Error('a model read from its file is quantised: train a fresh one (LinearModel.empty)');
  const rows = examples.map((example) => ({
    ...compact(example.features),
    meaning: example.meaning,
    targets: example.targets,
    known: example.known ?? new Uint8Array(width).fill(1),
  }));
  const positives = new Float64Array(width);
  const judged = new Float64Array(width);
  for (const row of rows)
    for (let label = 0; label < width; label++) {
      positives[label]! += row.targets[label]!;
      judged[label]! += row.known[label]!;
    }
  const positiveWeight = Float64Array.from(positives, (count, label) => Math.sqrt(Math.max(1, (judged[label]! - count) / Math.max(1, count))));
  const sparseSquares = new Float32Array(sparse.length);
  const denseSquares = new Float32Array(model.dense.length);
  const biasSquares = new Float32Array(width);
  const random = seededRandom(options.seed);
  const order = rows.map((_, index) => index);
  const { learningRate, l2 } = options;
  const step = (weights: Float32Array, squares: Float32Array, at: number, gradient: number) => {
    const full = gradient + l2 * weights[at]!;
    squares[at]! += full * full;
    weights[at]! -= (learningRate * full) / Math.sqrt(squares[at]! + 1e-8);
  };
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let index = order.length - 1; index > 0; index--) {
      const other = Math.floor(random() * (index + 1));
      [order[index], order[other]] = [order[other]!, order[index]!];
    }
    for (const at of order) {
      const row = rows[at]!;
      const logits = Float64Array.from(model.bias);
      for (let feature = 0; feature < row.buckets.length; feature++) {
        const base = row.buckets[feature]! * width;
        for (let label = 0; label < width; label++) logits[label]! += sparse[base + label]! * row.values[feature]!;
      }
      for (let dimension = 0; dimension < row.meaning.length; dimension++) {
        const base = dimension * width;
        for (let label = 0; label < width; label++) logits[label]! += model.dense[base + label]! * row.meaning[dimension]!;
      }
      for (let label = 0; label < width; label++) {
        if (!row.known[label]) continue;
        const target = row.targets[label]!;
        const error = (1 / (1 + Math.exp(-logits[label]!)) - target) * (target ? positiveWeight[label]! : 1);
        for (let feature = 0; feature < row.buckets.length; feature++) {
          step(sparse, sparseSquares, row.buckets[feature]! * width + label, error * row.values[feature]!);
        }
        for (let dimension = 0; dimension < row.meaning.length; dimension++) {
          if (row.meaning[dimension] !== 0) step(model.dense, denseSquares, dimension * width + label, error * row.meaning[dimension]!);
        }
        biasSquares[label]! += error * error;
        model.bias[label]! -= (learningRate * error) / Math.sqrt(biasSquares[label]! + 1e-8);
      }
    }
  }
}
