export { type CorpusDocument, IngestError, parseCorpusDocument } from '../corpus/document.ts';
export { type Chunk, chunkDocument, plainText } from './chunker.ts';
export { createConfiguredEmbedder } from './configured-embedder.ts';
export type { Embedder } from './embedder.ts';
export { type IngestSummary, ingestFolder } from './ingest.ts';
export { createLocalEmbedder } from './local-embedder.ts';
export { createOpenAIEmbedder } from './openai-embedder.ts';
export { ResourceIndex, type StoredDocument } from './resource-index.ts';
export { type SearchMode, type SearchParams, type SearchResult, searchResources } from './search.ts';
