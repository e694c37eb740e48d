import { type Action, slotsOf } from '../../corpus/material.ts';
import { localUnderstanding } from '../../understanding/understanding.ts';
import { closestTo, seededPick, uniqueCitations } from '../choose.ts';
import type { Library } from '../library.ts';
import type { Pattern } from '../pattern-names.ts';
import type { ReframeAnswer, ReframeSuggestion } from '../schemas.ts';

const PER_PATTERN = 2;

/**
 * Reframes for each thinking pattern noticed in the statement (given, or read by the local
 * understanding): gentler, truthful alternatives and a Socratic question from the corpus, and
 * one small action. A statement with no pattern
 * is not argued with: it gets an honest, supportive word and an open question.
 */
export function composeReframe(
  statement: string,
  seed: string,
  library: Library,
  noticed?: Pattern[],
): Omit<ReframeAnswer, 'safety' | 'engine' | 'resources' | 'evidence'> {
  const patterns =
    noticed ??
    localUnderstanding()
      .read(statement)
      .patterns.map((finding) => finding.pattern);
  const reframes: ReframeSuggestion[] = [];
  for (const pattern of patterns) {
    const sets = library.reframesFor(pattern);
    if (!sets.length) continue;
    const [set] = seededPick(sets, `${seed}|${pattern}`);
    const texts = closestTo(set!.item.reframes, statement, `${seed}|${statement}|${pattern}`, patterns.length > 1 ? 1 : PER_PATTERN);
    const questions = closestTo(set!.item.questions, statement, `${seed}|${statement}|${pattern}|q`, texts.length);
    for (const [index, text] of texts.entries()) reframes.push({ pattern, text, question: questions[index % questions.length]!, citations: [set!.source] });
  }
  const fromPatternDocuments = new Set(reframes.flatMap((reframe) => reframe.citations.map((citation) => citation.id)));
  // A trap gets a step from the material on it; a plain statement a plain next step.
  const situation: Action['fits'][number] = patterns.length ? 'low-confidence' : 'any';
  // An action the writer can take themself: never one written for mentors or coordinators, nor
  // one that carries a goal or blocker's words ({goal}), which a statement alone does not give.
  const forReader = (documents?: Set<string>) =>
    library
      .actionsFor(situation, 'mentee', documents)
      .filter((entry) => entry.audience !== 'mentor' && entry.audience !== 'coordinator' && slotsOf(entry.item).length === 0);
  const candidates = forReader(fromPatternDocuments.size ? fromPatternDocuments : undefined);
  const [action] = seededPick(candidates.length ? candidates : forReader(), `${seed}|${statement}|action`);

  if (patterns.length === 0) {
    const [question] = seededPick(library.questionsFor('reflection'), `${seed}|${statement}`);
    return {
      patterns: [],
      reframes: [],
      message:
        'Thank you for putting that into words. I do not hear a thinking trap in it, so there is nothing to argue with.' +
        (question ? ` A question to take it further: ${question.item.text}` : ''),
      ...(action ? { nextAction: { text: action.item.text, citations: [action.source] } } : {}),
      citations: uniqueCitations([...(question ? [question.source] : []), ...(action ? [action.source] : [])]),
    };
  }
  return {
    patterns,
    reframes,
    message:
      patterns.length > 1
        ? 'Thoughts like this often carry more than one trap at once. Here are gentler ways to see it, and questions to test it.'
        : 'That is a hard thought to carry. Here is another way to look at it, and a question to test it against the facts.',
    ...(action ? { nextAction: { text: action.item.text, citations: [action.source] } } : {}),
    citations: uniqueCitations([...reframes.flatMap((reframe) => reframe.citations), ...(action ? [action.source] : [])]),
  };
}
