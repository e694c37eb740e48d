import { z } from 'zod';
import taxonomyJson from '../corpus/taxonomy.json' with { type: 'json' };

/** The shared vocabularies (shared/taxonomy.md), from the project's machine-readable copy. */
export const taxonomy = taxonomyJson;

const nonEmpty = (values: string[]) => values as [string, ...string[]];

export const Topic = z.enum(nonEmpty(taxonomy.topics));
export const Audience = z.enum(nonEmpty(taxonomy.audience));
export const Stage = z.enum(nonEmpty(taxonomy.stage));
export const Format = z.enum(nonEmpty(taxonomy.format));
export const MentoringModel = z.enum(nonEmpty(taxonomy.models));

// The project's own vocabularies for the corpus's structured material (corpus/README.md).
export const Situation = z.enum(nonEmpty(taxonomy.situations));
export const QuestionPurpose = z.enum(nonEmpty(taxonomy.questionPurposes));
export const SessionKind = z.enum(nonEmpty(taxonomy.sessionKinds));
export const Owner = z.enum(nonEmpty(taxonomy.owners));
export const Pattern = z.enum(nonEmpty(taxonomy.patterns));
export const SafetyCategory = z.enum(nonEmpty(taxonomy.safetyCategories));
