import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { projectRoot, widgetDistDir, wordVectorsFile } from '../../server/paths.ts';
import { startPostgresCluster } from './postgres-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The superuser URL of this run's PostgreSQL server; `freshPostgresDatabase` makes a database on it per test file. */
    postgresUrl: string;
  }
}

/**
 * Once per test run: the widget bundle the browser tests load and its custom-elements
 * manifest, built from the current source as `npm run build` does; and a PostgreSQL server
 * (TEST_DATABASE_URL when set, otherwise a throwaway cluster), stopped when the run ends.
 */
export default async function setup(project: TestProject): Promise<() => void> {
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
  execFileSync(join(projectRoot, 'node_modules/.bin/cem'), ['analyze', '--quiet'], { cwd: projectRoot, stdio: 'inherit' });
  for (const file of ['mentor-coach.js', 'mentor-coach.iife.js', 'custom-elements.json']) {
    if (!existsSync(`${widgetDistDir}${file}`)) throw new Error(`the widget build wrote no ${file}`);
  }
  if (process.env.TEST_DATABASE_URL) {
    project.provide('postgresUrl', process.env.TEST_DATABASE_URL);
    return () => {};
  }
  const cluster = await startPostgresCluster();
  project.provide('postgresUrl', cluster.url);
  return () => cluster.stop();
}
