import { BUCKETS, HASH_BITS, type SparseFeatures } from './features.ts';
import { LABELS } from './labels.ts';

const MAGIC = 'MCLM1';

export interface ModelHeader {
  hashBits: number;
  labels: string[];
  /** Size of the dense meaning vector (the local word vectors). */
  dense: number;
  /** Probability at or above which each label is said, chosen on the dev split. */
  thresholds: Record<string, number>;
  /** sha256 of the training data, so a test can tell a stale model from a fresh one. */
  trainedOn: string;
}

const sigmoid = (value: number) => 1 / (1 + Math.exp(-value));

/**
 * One-vs-rest logistic regression over the hashed features and the meaning vector: a label's
 * score is a sum of the weights of the features present. Inference needs no library: the sum
 * is a multiply-add per feature and label, about half a millisecond for a 2,000-character text
 * and its sentences together (see unitLogits).
 *
 * File: MAGIC, uint32 header length, JSON header, padding to 4 bytes, float32 scale per label,
 * int8 sparse weights (bucket-major), float32 dense weights, float32 biases. Int8 keeps the
 * committed file under a megabyte at no measurable cost to quality.
 */
export class LinearModel {
  readonly labels: readonly string[];

  constructor(
    readonly header: ModelHeader,
    /**
     * BUCKETS x labels, bucket-major: float while training; as loaded from the file, int8 with
     * a scale per label. Int8 is a quarter of the memory, and inference reads one scattered row
     * per feature, so the smaller table is what keeps it fast (it stays in the CPU's cache).
     */
    readonly sparse: Float32Array | Int8Array,
    /** dense x labels. */
    readonly dense: Float32Array,
    readonly bias: Float32Array,
    /** Per label, what one unit of `sparse` is worth (all ones for float weights). */
    readonly sparseScales: Float32Array = new Float32Array(header.labels.length).fill(1),
  ) {
    this.labels = header.labels;
  }

  static empty(header: Omit<ModelHeader, 'hashBits' | 'labels'>): LinearModel {
    const width = LABELS.length;
    return new LinearModel(
      { ...header, hashBits: HASH_BITS, labels: [...LABELS] },
      new Float32Array(BUCKETS * width),
      new Float32Array(header.dense * width),
      new Float32Array(width),
    );
  }

  /** The raw score (log-odds) of every label for one text on its own: the plain form, which the one-pass unitLogits is tested against. */
  logits(features: SparseFeatures, meaning?: Float32Array): Float32Array {
    const width = this.labels.length;
    const sums = new Float64Array(width);
    const { sparse } = this;
    const { buckets, weights } = features;
    for (let index = 0; index < buckets.length; index++) {
      const row = buckets[index]! * width;
      const weight = weights[index]!;
      for (let label = 0; label < width; label++) sums[label]! += sparse[row + label]! * weight;
    }
    const out = new Float32Array(width);
    for (let label = 0; label < width; label++) out[label] = this.bias[label]! + sums[label]! * this.sparseScales[label]!;
    if (meaning) this.addMeaning(out, meaning);
    return out;
  }

  /** Adds the meaning vector's part to log-odds, in place. */
  private addMeaning(out: Float32Array, meaning: Float32Array): void {
    const width = this.labels.length;
    for (let dimension = 0; dimension < meaning.length; dimension++) {
      const value = meaning[dimension]!;
      if (value === 0) continue;
      const row = dimension * width;
      for (let label = 0; label < width; label++) out[label]! += this.dense[row + label]! * value;
    }
  }

  /**
   * The log-odds of a whole text and of each of its sentences in one pass over its features,
   * reading each feature's row once for both: the rows are scattered over the table, and
   * reading them is most of the cost. `parts` tile [0, wholeWeights.length) in order; a part
   * without weights (past the sentence limit) counts for the whole text only.
   */
  unitLogits(
    buckets: Uint32Array,
    wholeWeights: Float32Array,
    parts: Array<{ start: number; end: number; weights?: Float32Array }>,
  ): { whole: Float64Array; parts: Float64Array[] } {
    const width = this.labels.length;
    const { sparse } = this;
    const whole = new Float64Array(width);
    const sums = parts.map((part) => (part.weights ? new Float64Array(width) : undefined));
    parts.forEach((part, at) => {
      const own = sums[at];
      const { start, end, weights } = part;
      if (!own || !weights) {
        for (let index = start; index < end; index++) {
          const row = buckets[index]! * width;
          const wholeWeight = wholeWeights[index]!;
          for (let label = 0; label < width; label++) whole[label]! += sparse[row + label]! * wholeWeight;
        }
        return;
      }
      for (let index = start; index < end; index++) {
        const row = buckets[index]! * width;
        const wholeWeight = wholeWeights[index]!;
        const partWeight = weights[index - start]!;
        for (let label = 0; label < width; label++) {
          const value = sparse[row + label]!;
          whole[label]! += value * wholeWeight;
          own[label]! += value * partWeight;
        }
      }
    });
    const finish = (sum: Float64Array) => {
      for (let label = 0; label < width; label++) sum[label] = this.bias[label]! + sum[label]! * this.sparseScales[label]!;
      return sum;
    };
    return { whole: finish(whole), parts: sums.flatMap((sum) => (sum ? [finish(sum)] : [])) };
  }

  /** Adds the meaning vector's part to log-odds, and turns them into probabilities. */
  withMeaning(logits: Float64Array, meaning: Float32Array): Float32Array {
    const out = Float32Array.from(logits);
    this.addMeaning(out, meaning);
    return out.map(sigmoid);
  }

  probabilities(features: SparseFeatures, meaning?: Float32Array): Float32Array {
    return this.logits(features, meaning).map(sigmoid);
  }

  /** How much each token pushed `label` up: a feature's part is shared by the tokens it spans. */
  tokenContributions(features: SparseFeatures, label: number): Float32Array {
    const width = this.labels.length;
    const parts = new Float32Array(features.tokens.length);
    for (let index = 0; index < features.buckets.length; index++) {
      const part = this.sparse[features.buckets[index]! * width + label]! * this.sparseScales[label]! * features.weights[index]!;
      const from = features.from[index]!;
      const to = features.to[index]!;
      for (let token = from; token < to; token++) parts[token]! += part / (to - from);
    }
    return parts;
  }

  encode(): Buffer {
    if (!(this.sparse instanceof Float32Array)) throw new Error('only a trained (float) model is written to a file');
    const width = this.labels.length;
    const header = Buffer.from(JSON.stringify(this.header));
    const prefix = MAGIC.length + 4 + header.length;
    const padding = (4 - (prefix % 4)) % 4;
    const scales = new Float32Array(width);
    for (let index = 0; index < this.sparse.length; index++) {
      scales[index % width] = Math.max(scales[index % width]!, Math.abs(this.sparse[index]!));
    }
    for (let label = 0; label < width; label++) scales[label] = (scales[label]! || 1) / 127;
    const quantised = new Int8Array(this.sparse.length);
    for (let index = 0; index < this.sparse.length; index++) quantised[index] = Math.round(this.sparse[index]! / scales[index % width]!);
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length);
    return Buffer.concat([
      Buffer.from(MAGIC),
      length,
      header,
      Buffer.alloc(padding),
      Buffer.from(scales.buffer),
      Buffer.from(quantised.buffer),
      Buffer.alloc((4 - (quantised.length % 4)) % 4),
      Buffer.from(this.dense.buffer),
      Buffer.from(this.bias.buffer),
    ]);
  }

  static decode(bytes: Buffer): LinearModel {
    if (bytes.subarray(0, MAGIC.length).toString() !== MAGIC) throw new Error('not a mentor-coach model file');
    const headerLength = bytes.readUInt32LE(MAGIC.length);
    let offset = MAGIC.length + 4;
    const header = JSON.parse(bytes.subarray(offset, offset + headerLength).toString()) as ModelHeader;
    offset += headerLength;
    offset += (4 - (offset % 4)) % 4;
    const width = header.labels.length;
    const buckets = 1 << header.hashBits;
    const copy = (length: number) => {
      const slice = bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + length);
      offset += length;
      return slice;
    };
    const scales = new Float32Array(copy(width * 4));
    const quantised = new Int8Array(copy(buckets * width));
    offset += (4 - (quantised.length % 4)) % 4;
    const dense = new Float32Array(copy(header.dense * width * 4));
    const bias = new Float32Array(copy(width * 4));
    return new LinearModel(header, quantised, dense, bias, scales);
  }
}
