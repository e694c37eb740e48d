import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding package.json, found by walking up from this module: the same answer
 * whether the server runs from source (server/) or from its bundle (dist/server/).
 */
function findProjectRoot(start: string): string {
  for (let folder = start; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) throw new Error(`no package.json above ${start}`);
  }
}

export const projectRoot = findProjectRoot(dirname(fileURLToPath(import.meta.url)));
export const corpusDir = join(projectRoot, 'corpus/');
export const widgetDistDir = join(projectRoot, 'dist/widget/');
export const demoDir = join(projectRoot, 'widget/demo/');
/** The widget's translations: JSON the widget fetches from its own server, beside the script. */
export const widgetLocalesDir = join(projectRoot, 'widget/locales/');
export const wordVectorsFile = join(projectRoot, 'build/word-vectors.bin');
