import { defineConfig, type Plugin } from 'vitest/config';

/**
 * Lit's css`` templates reach the bundle as written, indentation and comments included.
 * Squeezing them in the style files keeps the widget under its size budget; the rules are
 * plain CSS with no strings whose spaces matter, which the browser tests then exercise.
 */
function squeezeCss(): Plugin {
  return {
    name: 'squeeze-css',
    transform(code, id) {
      if (!/widget\/[\w-]*styles\.ts$/.test(id)) return undefined;
      // map: null keeps the source map: these files are CSS in a template, nothing to step through.
      return {
        map: null,
        code: code.replace(
          /css`([^`]*)`/g,
          (_whole, body: string) =>
            `css\`${body
              .replace(/\/\*[\s\S]*?\*\//g, '')
              .replace(/\s+/g, ' ')
              .replace(/\s*([{};,>])\s*/g, '$1')
              .replace(/:\s+/g, ':')
              .replace(/;}/g, '}')
              .trim()}\``,
        ),
      };
    },
  };
}

/**
 * `vite build` makes the widget, Lit inside, twice: an ES module (/widget/mentor-coach.js)
 * and a single-file classic script for a plain <script> tag (/widget/mentor-coach.iife.js).
 * `vitest` reads its settings from here too.
 */
export default defineConfig({
  plugins: [squeezeCss()],
  build: {
    outDir: 'dist/widget',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    lib: {
      entry: 'widget/mentor-coach.ts',
      formats: ['es', 'iife'],
      name: 'MentorCoach',
      fileName: (format) => (format === 'es' ? 'mentor-coach.js' : `mentor-coach.${format}.js`),
    },
    rolldownOptions: {
      output: { minify: true },
      // The classic script has no import.meta (it becomes {}); the widget then finds its
      // origin from document.currentScript instead.
      checks: { emptyImportMeta: false },
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['test/support/global-setup.ts'],
    reporters: ['default', './test/support/totals-reporter.ts'],
  },
});
