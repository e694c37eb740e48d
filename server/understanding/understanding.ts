import type { Pattern } from '../coach/pattern-names.ts';
import { MAX_SCREENED_CHARACTERS, type SafetyCategory, screen } from '../coach/safety.ts';
import type { Call } from './metrics.ts';
import { decide, Reader } from './reader.ts';

/** Who saw a flag or a pattern: the learned screen, the safety rules, or a configured language model. */
export type Source = 'local-model' | 'rules' | 'language-model';

export interface SafetyFinding {
  category: SafetyCategory;
  seenBy: Source[];
  /** The writer's words that carried the flag (empty when no source could point at them). */
  quote: string;
}

export interface PatternFinding {
  pattern: Pattern;
  seenBy: Source[];
  quote: string;
}

/** What was understood of one or more texts. */
export interface Understood {
  safety?: SafetyFinding;
  patterns: PatternFinding[];
}

/** A language model's reading of the same texts (see server/coach/llm/understand.ts). */
export interface RemoteReading {
  safety: Array<{ category: SafetyCategory; quote?: string }>;
  patterns: Array<{ pattern: Pattern; quote?: string }>;
}

/** Readings kept per text: a request screens a goal's words again when it asks for patterns. */
const CACHE_LIMIT = 2_000;

/**
 * The local understanding of what a person wrote: the learned model for safety and thinking
 * patterns, and the safety rules as a backstop (a text is flagged if either flags it). Runs
 * offline, in the request: a millisecond or two for a 2,000-character text (npm run bench).
 */
export class Understanding {
  private readonly cache = new Map<string, Understood>();

  constructor(private readonly reader: Reader) {}

  /** The text alone. */
  read(raw: string): Understood {
    const text = raw.slice(0, MAX_SCREENED_CHARACTERS);
    const cached = this.cache.get(text);
    if (cached) return cached;
    const reading = this.reader.read(text);
    const calls = decide(this.reader, reading);
    const rules = screen(text);
    let safety: SafetyFinding | undefined;
    if (calls.safety || rules.flagged) {
      const seenBy: Source[] = [...(calls.safety ? ['local-model' as const] : []), ...(rules.flagged ? ['rules' as const] : [])];
      // A rule names the danger in so many words: its category and quote are the more exact.
      safety = rules.flagged
        ? { category: rules.category!, seenBy, quote: rules.quote ?? '' }
        : { category: calls.safety!, seenBy, quote: reading.evidence(calls.safety!).quote };
    }
    const patterns = calls.patterns.map((pattern) => ({ pattern, seenBy: ['local-model' as Source], quote: reading.evidence(pattern).quote }));
    const understood: Understood = { ...(safety ? { safety } : {}), patterns };
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(text, understood);
    return understood;
  }

  /** Several texts: the first that is flagged, in the order given (what was asked comes first). */
  safetyOf(texts: Array<string | undefined>): SafetyFinding | undefined {
    for (const text of texts) {
      if (!text) continue;
      const { safety } = this.read(text);
      if (safety) return safety;
    }
    return undefined;
  }
}

/** What was understood, as the labels the metrics score (server/understanding/metrics.ts). */
export function asCall(understood: Understood): Call {
  return { ...(understood.safety ? { safety: understood.safety.category } : {}), patterns: understood.patterns.map((finding) => finding.pattern) };
}

/** Merges a language model's reading into the local one: flagged if either flags, patterns joined. */
export function mergeReadings(local: Understood, remote: RemoteReading | undefined): Understood {
  if (!remote) return local;
  let safety = local.safety;
  const [remoteFlag] = remote.safety;
  if (safety && remoteFlag) safety = { ...safety, seenBy: [...safety.seenBy, 'language-model'], quote: safety.quote || (remoteFlag.quote ?? '') };
  else if (remoteFlag) safety = { category: remoteFlag.category, seenBy: ['language-model'], quote: remoteFlag.quote ?? '' };
  const patterns = local.patterns.map((finding) => {
    const seen = remote.patterns.find((entry) => entry.pattern === finding.pattern);
    return seen ? { ...finding, seenBy: [...finding.seenBy, 'language-model' as const], quote: finding.quote || (seen.quote ?? '') } : finding;
  });
  for (const entry of remote.patterns) {
    if (!patterns.some((finding) => finding.pattern === entry.pattern))
      patterns.push({ pattern: entry.pattern, seenBy: ['language-model'], quote: entry.quote ?? '' });
  }
  return { ...(safety ? { safety } : {}), patterns };
}

let loaded: Understanding | undefined;

/** The process's one local understanding, loaded on first use (the model file and the shared word vectors). */
export function localUnderstanding(): Understanding {
  loaded ??= new Understanding(Reader.load());
  return loaded;
}
