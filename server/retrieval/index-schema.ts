import { Field, FixedSizeList, Float32, Int32, List, Schema, Utf8 } from 'apache-arrow';

const strings = () => new List(new Field('item', new Utf8(), true));

/** One row per chunk: what hybrid search reads, with the document fields its filters need. */
export function chunkSchema(dimensions: number): Schema {
  return new Schema([
    new Field('id', new Utf8(), false),
    new Field('documentId', new Utf8(), false),
    new Field('ordinal', new Int32(), false),
    new Field('title', new Utf8(), false),
    new Field('heading', new Utf8(), false),
    new Field('text', new Utf8(), false),
    // Title and heading repeated into the searched text: a query naming the subject of a
    // document should match every section of it, not only the one that repeats the words.
    new Field('searchText', new Utf8(), false),
    new Field('topics', strings(), false),
    new Field('audience', new Utf8(), false),
    new Field('stage', new Utf8(), false),
    new Field('format', new Utf8(), false),
    new Field('url', new Utf8(), true),
    new Field('vector', new FixedSizeList(dimensions, new Field('item', new Float32(), true)), false),
  ]);
}

/** One row per document: the whole text for GET /v1/resources/:id and the ingest manifest. */
export function documentSchema(): Schema {
  return new Schema([
    new Field('id', new Utf8(), false),
    new Field('title', new Utf8(), false),
    new Field('summary', new Utf8(), false),
    new Field('topics', strings(), false),
    new Field('audience', new Utf8(), false),
    new Field('stage', new Utf8(), false),
    new Field('format', new Utf8(), false),
    new Field('models', strings(), false),
    new Field('readingMinutes', new Int32(), false),
    new Field('url', new Utf8(), true),
    new Field('body', new Utf8(), false),
    // The structured material (actions, questions, agenda blocks, reframes, safeguarding) as JSON.
    new Field('material', new Utf8(), false),
    new Field('hash', new Utf8(), false),
    // Where the document came from: "corpus" or the absolute folder a host ingested.
    new Field('source', new Utf8(), false),
    new Field('path', new Utf8(), false),
  ]);
}
