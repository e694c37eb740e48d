import { existsSync } from 'node:fs';
import { build } from 'vite';
import { widgetDistDir, wordVectorsFile } from '../../server/paths.ts';

/** Once per test run: the widget bundle the browser tests load, built from the current source. */
export default async function setup(): Promise<void> {
  if (!existsSync(wordVectorsFile)) {
    throw new Error(`${wordVectorsFile} is missing: run "npm install" (its postinstall step writes it).`);
  }
  // Vitest sets NODE_ENV=test, which would make Vite pick Lit's development build: the
  // browser tests must load the bundle that users get.
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = previous;
  }
  if (!existsSync(`${widgetDistDir}mentor-coach.js`)) throw new Error('the widget build wrote no mentor-coach.js');
}
