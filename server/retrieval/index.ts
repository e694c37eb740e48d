export { chunkDocument, plainText, type Chunk } from './chunker.ts';
export { IngestError, parseCorpusDocument, type CorpusDocument } from '../corpus/document.ts';
export type { Embedder } from './embedder.ts';
export { createConfiguredEmbedder } from './configured-embedder.ts';
export { ingestFolder, type IngestSummary } from './ingest.ts';
export { createLocalEmbedder } from './local-embedder.ts';
export { createOpenAIEmbedder } from './openai-embedder.ts';
export { ResourceIndex, type StoredDocument } from './resource-index.ts';
export { searchResources, type SearchParams, type SearchResult, type SearchMode } from './search.ts';
