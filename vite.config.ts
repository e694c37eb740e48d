import { defineConfig } from 'vitest/config';

/**
 * `vite build` makes the widget: one ES module with Lit inside, served by the server at
 * /widget/mentor-coach.js. `vitest` reads its settings from here too.
 */
export default defineConfig({
  build: {
    outDir: 'dist/widget',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    lib: {
      entry: 'widget/mentor-coach.ts',
      formats: ['es'],
      fileName: () => 'mentor-coach.js',
    },
    rolldownOptions: {
      output: { minify: true },
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
