import { check } from 'recheck';
import { describe, expect, it } from 'vitest';
import type { Phrase } from '../../../server/coach/phrase-rules.ts';
import { safetyRules } from '../../../server/coach/safety.ts';
import { patternRules } from '../../eval/baselines/pattern-rules.ts';
import { regexesInSource } from '../../support/source-regexes.ts';

/**
 * No regular expression that runs over what a person or a host wrote can backtrack
 * super-linearly. recheck (static analysis plus fuzzing) proves each one safe; "unknown" fails
 * too, since only a proof counts. The rule sets' phrasings are checked one by one: each set is
 * a top-level alternation (or a pair tested on a bounded window), linear when its parts are.
 */
const source = regexesInSource();

function partsOf(phrase: Phrase): string[] {
  return typeof phrase === 'string' ? [phrase] : [phrase.first, ...partsOf(phrase.then)];
}

const ruleParts = [
  ...safetyRules.flatMap(([category, rules]) => rules.parts.flatMap(partsOf).map((part) => ({ where: `safety ${category}`, source: part, flags: 'i' }))),
  ...Object.entries(patternRules).flatMap(([pattern, rules]) =>
    rules.parts.flatMap(partsOf).map((part) => ({ where: `pattern ${pattern}`, source: part, flags: 'i' })),
  ),
];

/**
 * The fuzzer's steps are bounded by counts alone, not by the milliseconds each may take
 * (incubation, attack, seeding, recall): with time limits, a slower or busier machine explored
 * differently and reported plain alternations as "polynomial" at random. The seed is fixed, so
 * the same regex gets the same verdict on any machine; the whole check keeps its time limit.
 */
const CHECK = { timeout: 60_000, randomSeed: 1, incubationTimeout: null, attackTimeout: null, seedingTimeout: null, recallTimeout: -1 };

async function unsafe(regexes: Array<{ where: string; source: string; flags: string }>): Promise<string[]> {
  const results = await Promise.all(regexes.map(async (regex) => ({ regex, result: await check(regex.source, regex.flags, CHECK) })));
  return results
    .filter(({ result }) => result.status !== 'safe')
    .map(({ regex, result }) => {
      const why =
        result.status === 'vulnerable'
          ? `${result.complexity.type}, e.g. ${result.attack.pattern}`
          : result.status === 'unknown'
            ? `unproven (${result.error.kind})`
            : '';
      return `${regex.where}: /${regex.source}/${regex.flags}: ${why}`;
    });
}

describe("regular expressions over people's and hosts' text", () => {
  it('are built at run time only by the phrase rules, whose parts this test reads', () => {
    expect(source.constructedIn).toEqual(['server/coach/phrase-rules.ts']);
    expect(ruleParts.length).toBeGreaterThan(200);
  });

  it('every literal in the server and the widget is free of super-linear backtracking', async () => {
    expect(source.literals.length).toBeGreaterThan(50);
    expect(await unsafe(source.literals)).toEqual([]);
    console.log(`regex safety: ${source.literals.length} literals in server/ and widget/ proven linear`);
  }, 300_000);

  it('every phrasing of the safety screen and the thinking-pattern rules is too', async () => {
    expect(await unsafe(ruleParts)).toEqual([]);
    console.log(`regex safety: ${ruleParts.length} phrasings of the safety screen and the pattern rules proven linear`);
  }, 600_000);

  it('the checker itself finds the kinds of pattern it must refuse', async () => {
    const planted = [
      { where: 'nested', source: String.raw`(\w+\s?)+$`, flags: '' },
      { where: 'overlapping words', source: String.raw`\bi'?m (just |such |a |such an? )*(idiot)\b`, flags: 'i' },
      { where: 'anchored at the end', source: '[.]+$', flags: '' },
    ];
    expect(await unsafe(planted)).toHaveLength(planted.length);
  }, 120_000);
});
