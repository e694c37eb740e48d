import { join } from 'node:path';
import { corpusDir } from '../../server/paths.ts';
import { createLocalEmbedder, ingestFolder, ResourceIndex } from '../../server/retrieval/index.ts';
import { makeTempDir } from './temp-dir.ts';

/** The built-in corpus indexed with the real local embedder into a temp folder. */
export async function buildCorpusIndex(options: { memoryMaxChunks?: number } = {}): Promise<ResourceIndex> {
  const index = await ResourceIndex.open({ directory: join(makeTempDir('mentor-coach-index-'), 'index'), embedder: createLocalEmbedder(), ...options });
  await ingestFolder(index, corpusDir, { source: 'corpus' });
  return index;
}
