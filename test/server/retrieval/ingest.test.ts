import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IngestError, ingestFolder, ResourceIndex, searchResources } from '../../../server/retrieval/index.ts';
import { writeDocument } from '../../support/documents.ts';
import { createFixedEmbedder } from '../../support/fixed-embedder.ts';
import { makeTempDir, removeTempDirs } from '../../support/temp-dir.ts';

afterAll(removeTempDirs);

async function freshIndex(id?: string, directory = join(makeTempDir(), 'index')) {
  const fixed = createFixedEmbedder(id);
  return { ...fixed, directory, index: await ResourceIndex.open({ directory, embedder: fixed.embedder }) };
}

function hostFolder(): string {
  const folder = makeTempDir();
  writeDocument(folder, { id: 'host-goals', body: 'Our program sets one goal per term.' });
  writeDocument(folder, { id: 'host-listening', topics: ['active-listening'], body: 'Listen and ask a question.' });
  writeFileSync(join(folder, 'README.md'), '# Not a document\nThis folder holds our resources.\n');
  return folder;
}

describe('ingest', () => {
  it('indexes every Markdown file of a folder, README excepted', async () => {
    const { index } = await freshIndex();
    const summary = await ingestFolder(index, hostFolder());
    expect(summary).toMatchObject({ added: 2, updated: 0, removed: 0, unchanged: 0 });
    expect((await index.manifest()).map((entry) => entry.id).sort()).toEqual(['host-goals', 'host-listening']);
    expect((await index.getDocument('host-goals'))?.body).toBe('Our program sets one goal per term.');
  });

  it('does no work when re-ingesting an unchanged folder', async () => {
    const { index, calls } = await freshIndex();
    const folder = hostFolder();
    await ingestFolder(index, folder);
    const embedCalls = calls.length;
    const versions = [await index.chunks.version(), await index.documents.version()];
    const summary = await ingestFolder(index, folder);
    expect(summary).toMatchObject({ added: 0, updated: 0, removed: 0, unchanged: 2, chunks: 0 });
    expect(calls.length).toBe(embedCalls);
    expect([await index.chunks.version(), await index.documents.version()]).toEqual(versions);
  });

  it('re-embeds only the changed file and removes files that are gone', async () => {
    const { index, calls } = await freshIndex();
    const folder = hostFolder();
    await ingestFolder(index, folder);
    calls.length = 0;
    writeDocument(folder, { id: 'host-goals', body: 'Our program now sets two goals per term, with a milestone each.' });
    rmSync(join(folder, 'host-listening.md'));
    const summary = await ingestFolder(index, folder);
    expect(summary).toMatchObject({ added: 0, updated: 1, removed: 1, unchanged: 0, chunks: 1 });
    expect(calls.flat()).toHaveLength(1);
    expect((await index.manifest()).map((entry) => entry.id)).toEqual(['host-goals']);
    expect(await index.getDocument('host-listening')).toBeUndefined();
    const [result] = await searchResources(index, { query: 'milestone' });
    expect(result?.snippet).toContain('two goals');
  });

  it('keeps documents of other sources when a folder is re-ingested', async () => {
    const { index } = await freshIndex();
    await ingestFolder(index, hostFolder());
    const other = makeTempDir();
    writeDocument(other, { id: 'other-closure', topics: ['closure'], body: 'Ending well.' });
    await ingestFolder(index, other);
    expect((await index.manifest()).map((entry) => entry.id).sort()).toEqual(['host-goals', 'host-listening', 'other-closure']);
  });

  it('rebuilds the index when the embedder changes (no mixing of vector spaces)', async () => {
    const first = await freshIndex('fixed:a');
    await ingestFolder(first.index, hostFolder());
    const second = await freshIndex('fixed:b', first.directory);
    expect(second.index.fresh).toBe(true);
    expect(await second.index.manifest()).toEqual([]);
    const reopened = await freshIndex('fixed:b', first.directory);
    expect(reopened.index.fresh).toBe(false);
  });

  describe('validation errors name the file and the field, and write nothing', () => {
    const cases: Array<[string, (folder: string) => void, RegExp]> = [
      [
        'an unknown topic',
        (folder) => writeDocument(folder, { id: 'bad-topic', topics: ['goal-setting', 'juggling'], body: 'x' }),
        /bad-topic\.md: topics\.1: Invalid option/,
      ],
      ['an unknown audience', (folder) => writeDocument(folder, { id: 'bad-audience', audience: 'parents', body: 'x' }), /bad-audience\.md: audience:/],
      ['an unknown stage', (folder) => writeDocument(folder, { id: 'bad-stage', stage: 'middle', body: 'x' }), /bad-stage\.md: stage:/],
      ['an unknown format', (folder) => writeDocument(folder, { id: 'bad-format', format: 'video', body: 'x' }), /bad-format\.md: format:/],
      ['an unknown model', (folder) => writeDocument(folder, { id: 'bad-model', models: ['mob'], body: 'x' }), /bad-model\.md: models\.0:/],
      ['"any" mixed with models', (folder) => writeDocument(folder, { id: 'mixed-models', models: ['any', 'group'], body: 'x' }), /mixed-models\.md: models:/],
      [
        'too many topics',
        (folder) => writeDocument(folder, { id: 'many-topics', topics: ['goal-setting', 'feedback', 'trust', 'closure', 'matching'], body: 'x' }),
        /many-topics\.md: topics:/,
      ],
      [
        'an unknown field',
        (folder) => writeDocument(folder, { id: 'extra-field', extra: 'colour: blue', body: 'x' }),
        /extra-field\.md: frontmatter: Unrecognized key: "colour"/,
      ],
      ['a bad url', (folder) => writeDocument(folder, { id: 'bad-url', extra: 'url: javascript:alert(1)', body: 'x' }), /bad-url\.md: url:/],
      [
        'an id that is not the file name',
        (folder) => writeDocument(folder, { id: 'the-id', body: 'x' }, 'other-name.md'),
        /other-name\.md: id: "the-id" does not match the file name/,
      ],
      [
        'a missing title',
        (folder) =>
          writeFileSync(
            join(folder, 'no-title.md'),
            '---\nid: no-title\ntopics: [feedback]\naudience: all\nstage: any\nformat: guide\nmodels: [any]\n---\nBody\n',
          ),
        /no-title\.md: title:/,
      ],
      ['no frontmatter', (folder) => writeFileSync(join(folder, 'plain.md'), '# Just text\n'), /plain\.md: missing frontmatter/],
      ['broken YAML', (folder) => writeFileSync(join(folder, 'broken.md'), '---\nid: [unclosed\n---\nBody\n'), /broken\.md: frontmatter is not valid YAML/],
      ['an empty body', (folder) => writeDocument(folder, { id: 'empty-body', body: '' }), /empty-body\.md: body:/],
    ];
    it.each(cases)('%s', async (_name, write, message) => {
      const { index } = await freshIndex();
      const folder = hostFolder();
      write(folder);
      const error = await ingestFolder(index, folder).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(IngestError);
      expect((error as Error).message).toMatch(message);
      expect(await index.manifest()).toEqual([]);
      expect(await index.countChunks()).toBe(0);
    });

    it('an id already taken by another source', async () => {
      const { index } = await freshIndex();
      await ingestFolder(index, hostFolder());
      const other = makeTempDir();
      writeDocument(other, { id: 'host-goals', body: 'A second document with the same id.' });
      await expect(ingestFolder(index, other)).rejects.toThrow(/host-goals\.md: id: "host-goals" is already taken by/);
    });

    it('reports every bad file at once', async () => {
      const { index } = await freshIndex();
      const folder = hostFolder();
      writeDocument(folder, { id: 'bad-one', audience: 'aliens', body: 'x' });
      writeDocument(folder, { id: 'bad-two', stage: 'never', body: 'x' });
      await expect(ingestFolder(index, folder)).rejects.toThrow(/bad-one\.md: audience[\s\S]*bad-two\.md: stage/);
    });
  });
});
