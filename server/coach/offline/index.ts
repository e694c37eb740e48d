import type { CoachEngine } from '../engine.ts';
import type { Library } from '../library.ts';
import { composeAgenda } from './agenda.ts';
import { composeNextSteps } from './next-steps.ts';
import { composeReframe } from './reframe.ts';

/** The default engine: answers composed from the corpus's structured material, no model. */
export function createOfflineEngine(library: () => Library): CoachEngine {
  return {
    name: 'offline',
    nextSteps: (input) => composeNextSteps(input, library()),
    agenda: async (input) => composeAgenda(input, library()),
    reframe: async (input) => composeReframe(input.statement, input.seed, library(), input.patterns),
  };
}
