/**
 * `npm run bench:scale` (not in CI: the million takes minutes): hybrid search from 1k to 1M
 * synthetic chunks, LanceDB queries at every size and the copy in memory up to 100k, with
 * load, index build, disk and memory. Writes bench/results/scale.md and scale.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { removeTempDirs } from '../test/support/temp-dir.ts';
import { scaleTable } from './scale-table.ts';
import { measureSearchScale, type ScaleRow } from './search-scale.ts';
import { round } from './stats.ts';

const sizes = (process.env.BENCH_SIZES ?? '1000,10000,100000,1000000').split(',').filter(Boolean).map(Number);
const rows: ScaleRow[] = [];
const lines = [
  `# mentor-coach search at scale\n\n${new Date().toISOString().slice(0, 10)} on ${cpus().length} x ${cpus()[0]?.model.trim()}, ${round(totalmem() / 2 ** 30, 0)} GiB, Node ${process.version}`,
];
for (const size of sizes) {
  console.log(`${size} chunks...`);
  rows.push(await measureSearchScale(size, { memoryUpTo: 100_000 }));
  removeTempDirs();
}
lines.push(...scaleTable(rows));
console.log(lines.join('\n'));
const resultsDir = new URL('./results/', import.meta.url);
mkdirSync(resultsDir, { recursive: true });
writeFileSync(new URL('scale.md', resultsDir), `${lines.join('\n')}\n`);
writeFileSync(new URL('scale.json', resultsDir), `${JSON.stringify(rows, null, 2)}\n`);
