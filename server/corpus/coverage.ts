import { taxonomy } from '../taxonomy.ts';
import type { CorpusDocument } from './document.ts';

/** What the corpus must cover (issue: "The corpus"), checked by the test suite and the report. */
export const requirements = {
  documents: 90,
  perTopic: 3,
  perAudienceStageFormatModel: 5,
  questionBanks: 10,
  templates: 10,
};

export type Counts = Record<string, Record<string, number>>;

/** Documents per value of each vocabulary: topics, audience, stage, format, models. */
export function countCoverage(documents: CorpusDocument[]): Counts {
  const count = (values: readonly string[], has: (document: CorpusDocument, value: string) => boolean) =>
    Object.fromEntries(values.map((value) => [value, documents.filter((document) => has(document, value)).length]));
  return {
    topics: count(taxonomy.topics, (document, value) => document.topics.includes(value)),
    audience: count(taxonomy.audience, (document, value) => document.audience === value),
    stage: count(taxonomy.stage, (document, value) => document.stage === value),
    format: count(taxonomy.format, (document, value) => document.format === value),
    models: count(taxonomy.models, (document, value) => document.models.includes(value)),
  };
}

/** What the structured material covers: every situation, purpose, session, pattern and category. */
export function countMaterial(documents: CorpusDocument[]): Counts {
  const tally = (values: readonly string[], items: string[]) =>
    Object.fromEntries(values.map((value) => [value, items.filter((item) => item === value).length]));
  const blocks = documents.flatMap((document) => document.agendaBlocks ?? []);
  const sessionModels = taxonomy.sessionKinds.flatMap((session) => taxonomy.models.filter((model) => model !== 'any').map((model) => `${session}/${model}`));
  return {
    'action situations': tally(
      taxonomy.situations,
      documents.flatMap((document) => (document.actions ?? []).flatMap((action) => action.fits)),
    ),
    'question purposes': tally(
      taxonomy.questionPurposes,
      documents.flatMap((document) => (document.questions ?? []).map((question) => question.purpose)),
    ),
    'agenda blocks (session/model)': tally(
      sessionModels,
      blocks.flatMap((block) =>
        block.sessions.flatMap((session) =>
          (block.models.includes('any') ? taxonomy.models.filter((model) => model !== 'any') : block.models).map((model) => `${session}/${model}`),
        ),
      ),
    ),
    'reframe patterns': tally(
      taxonomy.patterns,
      documents.flatMap((document) => (document.reframes ?? []).map((set) => set.pattern)),
    ),
    'safeguarding categories': tally(
      taxonomy.safetyCategories,
      documents.flatMap((document) => document.safeguarding?.categories ?? []),
    ),
  };
}

/** Sentences naming each shortfall against the requirements; empty when all are met. */
export function coverageProblems(documents: CorpusDocument[]): string[] {
  const problems: string[] = [];
  const counts = countCoverage(documents);
  if (documents.length < requirements.documents) problems.push(`${documents.length} documents, fewer than ${requirements.documents}`);
  for (const [topic, count] of Object.entries(counts.topics!)) {
    if (count < requirements.perTopic) problems.push(`topic ${topic}: ${count} documents, fewer than ${requirements.perTopic}`);
  }
  for (const field of ['audience', 'stage', 'format', 'models'] as const) {
    for (const [value, count] of Object.entries(counts[field]!)) {
      if (count < requirements.perAudienceStageFormatModel)
        problems.push(`${field} ${value}: ${count} documents, fewer than ${requirements.perAudienceStageFormatModel}`);
    }
  }
  if (counts.format!['question-bank']! < requirements.questionBanks)
    problems.push(`${counts.format!['question-bank']} question banks, fewer than ${requirements.questionBanks}`);
  if (counts.format!.template! < requirements.templates) problems.push(`${counts.format!.template} templates, fewer than ${requirements.templates}`);
  for (const [kind, tally] of Object.entries(countMaterial(documents))) {
    for (const [value, count] of Object.entries(tally)) if (count === 0) problems.push(`${kind}: nothing for ${value}`);
  }
  return problems;
}
