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
