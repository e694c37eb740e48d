/** Process entry: read config, open services, serve; index the built-in corpus if needed. */
import { serve } from '@hono/node-server';
import { join } from 'node:path';
import { createApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createLogger } from './logger.ts';
import { corpusDir } from './paths.ts';
import { createConfiguredEmbedder, ingestFolder, ResourceIndex } from './retrieval/index.ts';
import type { Services } from './services.ts';

const started = performance.now();
let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  for (const line of error.lines) console.error(line);
  process.exit(1);
}

const logger = createLogger({ level: config.logLevel });
const services: Services = { logger };
const app = createApp(services);

const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (address) => {
  logger.info('listening', { url: `http://${config.host}:${address.port}/`, demo: config.demo, dataDir: config.dataDir });
});
server.on('error', (error: NodeJS.ErrnoException) => {
  logger.error(error.code === 'EADDRINUSE' ? `port ${config.port} is in use: set PORT to a free one` : 'server error', { error: error.message });
  process.exit(1);
});

try {
  const index = await ResourceIndex.open({
    directory: join(config.dataDir, 'index'),
    embedder: await createConfiguredEmbedder(config, logger),
    // `npm run ingest` may add a host's documents while the server runs: look for them every 5 s.
    readConsistencyInterval: 5,
  });
  const summary = await ingestFolder(index, corpusDir, { source: 'corpus' });
  if (summary.added + summary.updated + summary.removed > 0) logger.info('indexed the built-in corpus', { ...summary });
  services.index = index;
  logger.info('ready', { startupMs: Math.round(performance.now() - started) });
} catch (error) {
  logger.error('start-up failed', { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info('stopping', { signal });
    server.close(() => {
      services.index?.close();
      process.exit(0);
    });
    setTimeout(() => process.exit(0), 3000).unref();
  });
}
