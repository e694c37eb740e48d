/**
 * `npm run ingest -- <folder>`: adds a host's own Markdown resources to the index
 * (COACH_INDEX_DIR, else index/ under COACH_DATA_DIR), re-indexing only files whose content changed. A running server picks
 * the changes up within seconds (it re-reads the index every 5 s).
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '../config.ts';
import { IngestError } from '../corpus/document.ts';
import { createLogger } from '../logger.ts';
import { createConfiguredEmbedder } from './configured-embedder.ts';
import { withIndexLock } from './index-lock.ts';
import { ingestFolder } from './ingest.ts';
import { createProgressBar } from './progress-bar.ts';
import { ResourceIndex } from './resource-index.ts';

const folder = process.argv[2];
if (!folder || process.argv.length > 3) {
  console.error('Usage: npm run ingest -- <folder of Markdown files>');
  process.exit(2);
}
const root = resolve(folder);
if (!existsSync(root) || !statSync(root).isDirectory()) {
  console.error(`Not a folder: ${root}`);
  process.exit(2);
}

try {
  const config = loadConfig();
  const logger = createLogger({ level: 'warn' });
  const embedder = await createConfiguredEmbedder(config, logger);
  const progress = createProgressBar();
  // Under the index folder's lock, as servers starting on a shared folder take it.
  const summary = await withIndexLock(config.indexDir, async () => {
    const index = await ResourceIndex.open({ directory: config.indexDir, embedder });
    return ingestFolder(index, root, { onProgress: progress.update });
  });
  progress.finish();
  console.log(
    `ingested ${root}: ${summary.added} added, ${summary.updated} updated, ${summary.removed} removed, ` +
      `${summary.unchanged} unchanged; ${summary.chunks} chunks embedded in ${(summary.milliseconds / 1000).toFixed(1)} s`,
  );
} catch (error) {
  if (error instanceof ConfigError || error instanceof IngestError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
