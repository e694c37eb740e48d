import { fileURLToPath } from 'node:url';

/** Folders the server reads from, relative to the project root whatever the working directory. */
export const projectRoot = fileURLToPath(new URL('..', import.meta.url));
export const corpusDir = fileURLToPath(new URL('../corpus/', import.meta.url));
export const buildDir = fileURLToPath(new URL('../build/', import.meta.url));
export const widgetDistDir = fileURLToPath(new URL('../dist/widget/', import.meta.url));
export const demoDir = fileURLToPath(new URL('../widget/demo/', import.meta.url));
export const wordVectorsFile = fileURLToPath(new URL('../build/word-vectors.bin', import.meta.url));
