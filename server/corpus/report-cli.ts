/**
 * `npm run corpus`: the corpus check and its coverage tables (Markdown, for corpus/README.md).
 * Exits 1 when any problem is found.
 */
import { corpusDir } from '../paths.ts';
import { checkCorpus } from './check.ts';
import { type Counts, countCoverage, countMaterial, requirements } from './coverage.ts';

const { documents, problems } = checkCorpus(corpusDir);

function table(title: string, counts: Counts): string {
  const lines = [`### ${title}`, ''];
  for (const [field, tally] of Object.entries(counts)) {
    lines.push(`| ${field} | documents |`, '| --- | --- |');
    for (const [value, count] of Object.entries(tally)) lines.push(`| ${value} | ${count} |`);
    lines.push('');
  }
  return lines.join('\n');
}

const formats = countCoverage(documents).format!;
console.log(
  `${documents.length} documents (at least ${requirements.documents}); ${formats['question-bank']} question banks, ${formats.template} templates (at least ${requirements.questionBanks} each)\n`,
);
console.log(table('Documents per value', countCoverage(documents)));
console.log(table('Structured material (items per value)', countMaterial(documents)).replaceAll('| documents |', '| items |'));
if (problems.length) {
  console.error(`${problems.length} problems:\n${problems.map((problem) => `- ${problem}`).join('\n')}`);
  process.exit(1);
}
console.log('no problems');
