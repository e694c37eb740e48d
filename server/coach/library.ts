import type { CorpusDocument } from '../corpus/document.ts';
import type { Action, AgendaBlock, Question, ReframeSet, Safeguarding } from '../corpus/material.ts';
import type { ResourceIndex } from '../retrieval/index.ts';
import type { Citation } from './schemas.ts';

export interface Sourced<T> {
  item: T;
  source: Citation;
  /** The document's audience and topics, to prefer material written for the reader. */
  audience: string;
  topics: string[];
}

/**
 * The structured material of every indexed document (built-in corpus and a host's own), in
 * memory and by kind, so that an answer is composed without a database round trip.
 */
export class Library {
  readonly actions: Sourced<Action>[] = [];
  readonly questions: Sourced<Question>[] = [];
  readonly blocks: Sourced<AgendaBlock>[] = [];
  readonly reframes: Sourced<ReframeSet>[] = [];
  readonly safeguarding: Sourced<Safeguarding>[] = [];
  private readonly titles = new Map<string, string>();
  private readonly summaries = new Map<string, string>();

  constructor(documents: CorpusDocument[]) {
    for (const document of [...documents].sort((left, right) => left.id.localeCompare(right.id))) {
      const source = { id: document.id, title: document.title };
      const wrap = <T>(item: T): Sourced<T> => ({ item, source, audience: document.audience, topics: document.topics });
      this.titles.set(document.id, document.title);
      this.summaries.set(document.id, document.summary);
      this.actions.push(...(document.actions ?? []).map(wrap));
      this.questions.push(...(document.questions ?? []).map(wrap));
      this.blocks.push(...(document.agendaBlocks ?? []).map(wrap));
      this.reframes.push(...(document.reframes ?? []).map(wrap));
      if (document.safeguarding) this.safeguarding.push(wrap(document.safeguarding));
    }
  }

  static async load(index: ResourceIndex): Promise<Library> {
    return new Library(await index.allDocuments());
  }

  /** What a language model is shown of a document: its id, title and summary. */
  passage(id: string): { id: string; title: string; summary: string } | undefined {
    const title = this.titles.get(id);
    return title === undefined ? undefined : { id, title, summary: this.summaries.get(id)! };
  }

  citation(id: string): Citation | undefined {
    const title = this.titles.get(id);
    return title === undefined ? undefined : { id, title };
  }

  /** Actions for a situation, those written for the reader first. */
  actionsFor(situation: Action['fits'][number], audience: string, fromDocuments?: Set<string>): Sourced<Action>[] {
    const matching = this.actions.filter((entry) => entry.item.fits.includes(situation) && (!fromDocuments || fromDocuments.has(entry.source.id)));
    return preferAudience(matching, audience);
  }

  questionsFor(purpose: Question['purpose']): Sourced<Question>[] {
    return this.questions.filter((entry) => entry.item.purpose === purpose);
  }

  /** Blocks of a mentoring session of this kind and model (a coordinator's own calls are not one). */
  blocksFor(session: AgendaBlock['sessions'][number], model: string): Sourced<AgendaBlock>[] {
    return this.blocks.filter(
      (entry) =>
        entry.audience !== 'coordinator' && entry.item.sessions.includes(session) && (entry.item.models.includes(model) || entry.item.models.includes('any')),
    );
  }

  reframesFor(pattern: ReframeSet['pattern']): Sourced<ReframeSet>[] {
    return this.reframes.filter((entry) => entry.item.pattern === pattern);
  }

  /** Guidance for a category, written for the reader first (a mentee, or a mentor acting on it). */
  safeguardingFor(category: Safeguarding['categories'][number], reader: 'mentee' | 'mentor' = 'mentee'): Sourced<Safeguarding> | undefined {
    const covering = this.safeguarding.filter((entry) => entry.item.categories.includes(category));
    return covering.find((entry) => entry.audience === reader) ?? covering.find((entry) => entry.audience === 'all') ?? covering[0];
  }
}

function preferAudience<T>(entries: Sourced<T>[], audience: string): Sourced<T>[] {
  const rank = (entry: Sourced<T>) => (entry.audience === audience ? 0 : entry.audience === 'all' ? 1 : 2);
  return [...entries].sort((left, right) => rank(left) - rank(right));
}
