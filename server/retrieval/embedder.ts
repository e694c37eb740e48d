/** Turns texts into vectors of one fixed space; `id` names the space so a stale index is noticed. */
export interface Embedder {
  readonly id: string;
  readonly dimensions: number;
  /** True when embedding sends the text to another server (an OpenAI-compatible API). */
  readonly remote?: boolean;
  embed(texts: string[]): Promise<Float32Array[]>;
}

export function isZeroVector(vector: Float32Array): boolean {
  return vector.every((value) => value === 0);
}
