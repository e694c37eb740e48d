import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCorpus, emptySections } from '../../../server/corpus/check.ts';
import { IngestError, parseCorpusDocument } from '../../../server/corpus/document.ts';
import { sharedRuns } from '../../../server/corpus/overlap.ts';
import { makeTempDir, removeTempDirs } from '../../support/temp-dir.ts';

afterAll(removeTempDirs);

const header =
  'id: doc\ntitle: A document\nsummary: What it is about, in a sentence.\ntopics: [feedback]\naudience: all\nstage: any\nformat: guide\nmodels: [any]\nreadingMinutes: 2';
const parse = (extra: string, body = 'Body text.') => parseCorpusDocument('doc.md', `---\n${header}\n${extra}\n---\n${body}\n`);

describe('structured material is validated like the rest of the frontmatter', () => {
  it('accepts well-formed material', () => {
    const document = parse(
      [
        'actions:',
        '  - text: Send your mentor two times to meet this week.',
        '    when: you have not met for a month',
        '    fits: [stalled]',
        'questions:',
        '  - text: What would progress look like by Friday?',
        '    purpose: progress',
        'agendaBlocks:',
        '  - title: Check-in',
        '    minutes: 10',
        '    purpose: Hear what moved since last time.',
        '    sessions: [regular]',
        '    models: [one-to-one]',
        '    owner: both',
        '    prompts: [What went well since we last met?]',
        'reframes:',
        '  - pattern: labeling',
        '    examples: ["I am just bad at maths.", "I am a hopeless writer."]',
        '    reframes: [One hard topic is not a verdict on you., Writing improves with drafts., Skills grow with practice.]',
        '    questions: [What would you say to a friend who said this?]',
        'safeguarding:',
        '  categories: [abuse]',
        '  do: [Listen calmly and let them finish., Tell the safeguarding lead today., Write down what was said.]',
        '  avoid: [Promise to keep it a secret., Ask leading questions about it., Confront the person named.]',
        '  participantMessage: Thank you for telling us. You are not in trouble, and help is available right now.',
      ].join('\n'),
    );
    expect(document.actions?.[0]?.fits).toEqual(['stalled']);
    expect(document.agendaBlocks?.[0]?.minutes).toBe(10);
    expect(document.reframes?.[0]?.pattern).toBe('labeling');
    expect(document.safeguarding?.categories).toEqual(['abuse']);
  });

  it("accepts an action that carries the person's words in a slot", () => {
    const document = parse(
      'actions:\n  - text: "Book one hour for {goal} that {blocker} cannot take, before Friday."\n    when: a blocker keeps a goal from moving\n    fits: [blocked]',
    );
    expect(document.actions?.[0]?.text).toContain('{goal}');
  });

  it.each([
    [
      'an action that does not start with a verb',
      'actions:\n  - text: You could send your mentor a note.\n    when: it has been a while\n    fits: [stalled]',
      /actions\.0\.text: must start with a verb/,
    ],
    [
      'an action with an unknown slot',
      'actions:\n  - text: "Send your mentor {plan} today."\n    when: it has been a while\n    fits: [stalled]',
      /actions\.0\.text: braces only around a slot/,
    ],
    ['an unknown situation', 'actions:\n  - text: Send a note to your mentor today.\n    when: it has been a while\n    fits: [bored]', /actions\.0\.fits\.0/],
    [
      'a question without a question mark',
      'questions:\n  - text: Tell me about your week so far\n    purpose: opening',
      /questions\.0\.text: must end with a question mark/,
    ],
    ['an unknown purpose', 'questions:\n  - text: What went well this week?\n    purpose: small-talk', /questions\.0\.purpose/],
    [
      'an agenda block of 0 minutes',
      'agendaBlocks:\n  - {title: Check-in, minutes: 0, purpose: Hear what moved since last time., sessions: [regular], models: [any], owner: both, prompts: [What moved since we last met?]}',
      /agendaBlocks\.0\.minutes/,
    ],
    [
      'an unknown pattern',
      'reframes:\n  - {pattern: doom, examples: [It will all go wrong soon., Nothing ever works for me.], reframes: [Some things have worked before., One setback is not a trend., There is time to adjust.], questions: [What has worked before?]}',
      /reframes\.0\.pattern/,
    ],
    [
      'too few reframes',
      'reframes:\n  - {pattern: labeling, examples: [I am just bad at maths., I am a hopeless writer.], reframes: [Skills grow with practice.], questions: [What would you tell a friend?]}',
      /reframes\.0\.reframes/,
    ],
    [
      'safeguarding without enough to avoid',
      'safeguarding:\n  categories: [abuse]\n  do: [Listen calmly and let them finish., Tell the safeguarding lead today., Write down what was said.]\n  avoid: [Promise to keep it secret.]\n  participantMessage: Thank you for telling us. You are not in trouble, and help is available.',
      /safeguarding\.avoid/,
    ],
  ])('rejects %s, naming the field', (_name, extra, message) => {
    expect(() => parse(extra)).toThrow(IngestError);
    expect(() => parse(extra)).toThrow(message);
  });
});

describe('the overlap check', () => {
  it('finds a run of 12 shared words, whatever the case and punctuation', () => {
    const runs = sharedRuns(
      new Map([
        ['a', ['Before the session, write down the one thing you most want to leave with today.']],
        ['b', ['Tip: before the session write down the ONE thing you most want to leave with, today!']],
        ['c', ['A different sentence with entirely different words in it, from start to end here.']],
      ]),
    );
    expect(runs).toEqual([{ first: 'a', second: 'b', run: 'before the session write down the one thing you most want to' }]);
  });

  it('ignores runs of 11 words and runs that cross segments', () => {
    expect(
      sharedRuns(
        new Map([
          ['a', ['one two three four five six seven eight nine ten eleven']],
          ['b', ['one two three four five six seven eight nine ten eleven', 'twelve']],
        ]),
      ),
    ).toEqual([]);
  });
});

describe('empty sections', () => {
  it('finds headings with nothing under them', () => {
    expect(emptySections('Intro.\n\n## Full\nText.\n\n## Empty\n\n## Parent\n### Child\nText.\n\n## Last\n')).toEqual(['Empty', 'Last']);
  });
});

describe('the corpus check of a folder', () => {
  it('reports a missing summary, an empty section, a shared run and shortfalls in coverage', () => {
    const folder = makeTempDir();
    const shared = 'Write the date of your next session on the calendar you check every single morning.';
    writeFileSync(join(folder, 'one.md'), `---\n${header.replace('id: doc', 'id: one')}\n---\n${shared}\n\n## Empty\n`);
    writeFileSync(join(folder, 'two.md'), `---\n${header.replace('id: doc', 'id: two').replace(/summary: .*\n/, '')}\n---\n${shared}\n`);
    const { problems } = checkCorpus(folder);
    expect(problems).toEqual(
      expect.arrayContaining([
        'one.md: section "Empty" is empty',
        'two.md: summary: missing (every corpus document declares it)',
        expect.stringMatching(/^one\.md and two\.md share 12 words: "write the date/),
        '2 documents, fewer than 90',
        'topic goal-setting: 0 documents, fewer than 3',
        'reframe patterns: nothing for labeling',
      ]),
    );
  });
});
