import { existsSync } from 'node:fs';
import { build } from 'vite';
import { widgetDistDir, wordVectorsFile } from '../../server/paths.ts';

/** Once per test run: the widget bundle the browser tests load, built from the current source. */
export default async function setup(): Promise<void> {
  if (!existsSync(wordVectorsFile)) {
    throw new Error(`${wordVectorsFile} is missing: run "npm install" (its postinstall step writes it).`);
  }
  await build({ logLevel: 'warn' });
  if (!existsSync(`${widgetDistDir}mentor-coach.js`)) throw new Error('the widget build wrote no mentor-coach.js');
}
