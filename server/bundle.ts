/**
 * `npm run build`'s server step: server/main.ts into one ESM file, dist/server/main.js.
 * Packages stay in node_modules (native modules, and files they read beside themselves),
 * except those listed here, whose many small modules cost start-up time to load one by one:
 * kysely's 280 ESM files took 220 ms of every start, bundled it is one parse.
 */
import { build } from 'esbuild';

const BUNDLED = new Set(['kysely']);

/** The package a bare import names: `@scope/name` or `name`. */
const packageOf = (path: string) => (path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : path.split('/')[0]!);

await build({
  entryPoints: ['server/main.ts'],
  outfile: 'dist/server/main.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'packages-external-but-bundled',
      setup(builder) {
        // Bare imports (packages and node: builtins); relative ones are the server's own code.
        builder.onResolve({ filter: /^[^./]/ }, (args) => (BUNDLED.has(packageOf(args.path)) ? undefined : { path: args.path, external: true }));
      },
    },
  ],
});
