/**
 * Writes server/understanding/data/train-everyday.jsonl: the everyday words of mentoring
 * participants (goal titles, check-in notes, blockers, wins, questions, session notes, action
 * items) from the answer-quality scenarios that are spent (authors Z, QA, QB and QC, each told to
 * put no one's safety in danger, and each measured once already), labelled as carrying no
 * danger, with their thinking patterns not judged (`labelled: safety`). The screen learned its
 * calm texts from hard cases (figures of speech, danger as a topic), and flagged ordinary
 * fragments ("my legs hurt tho", "sends whatsapp at 21h"): a participant's dozen texts each get a
 * chance to be misread, and one in five scenario participants got no coaching.
 *
 * The dev scenarios (VA) and the held-out ones (QD) are not read: they measure the change.
 * Run by hand: npx tsx server/understanding/everyday-texts.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../paths.ts';
import { dataDir } from './dataset.ts';

const SPENT = ['scenarios-test-z', 'scenarios-test-qa', 'scenarios-test-qb', 'scenarios-test-qc'];

interface Scenario {
  question?: string;
  goals: Array<{ title: string; description?: string; measure?: string; checkIns: Array<{ wins?: string; blockers?: string; note?: string }> }>;
  pairing: { focus?: string; sessions: Array<{ notes?: string; actionItems?: Array<{ text: string }> }> };
}

const texts = new Set<string>();
for (const name of SPENT) {
  const lines = readFileSync(join(projectRoot, 'test/eval/data', `${name}.jsonl`), 'utf8')
    .split('\n')
    .filter((line) => line.trim());
  for (const scenario of lines.map((line) => JSON.parse(line) as Scenario)) {
    const words = [
      scenario.question,
      scenario.pairing.focus,
      ...scenario.goals.flatMap((goal) => [
        goal.title,
        goal.description,
        goal.measure,
        ...goal.checkIns.flatMap((checkIn) => [checkIn.wins, checkIn.blockers, checkIn.note]),
      ]),
      ...scenario.pairing.sessions.flatMap((session) => [session.notes, ...(session.actionItems ?? []).map((item) => item.text)]),
    ];
    for (const text of words) if (text?.trim()) texts.add(text.trim());
  }
}
const out = [...texts].map((text) => JSON.stringify({ text, safety: [], patterns: [], labelled: 'safety', voice: 'participant', kind: 'everyday' }));
writeFileSync(join(dataDir, 'train-everyday.jsonl'), `${out.join('\n')}\n`);
console.log(`${out.length} everyday texts -> ${join(dataDir, 'train-everyday.jsonl')}`);
