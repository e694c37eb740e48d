/** Process entry: read config, open services, serve; index the built-in corpus if needed. */

import { serve } from '@hono/node-server';
import OpenAI from 'openai';
import { createApp } from './app.ts';
import { loadServerSecret, OriginRegistry, RateLimiter, type ServerSecret, ServerSecretError, withTokenKeys } from './auth/index.ts';
import type { CoachEngine } from './coach/engine.ts';
import { Library } from './coach/library.ts';
import { createLlmEngine } from './coach/llm/engine.ts';
import { loadPrompts } from './coach/llm/prompts.ts';
import { createOfflineEngine } from './coach/offline/index.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { checkDataFolder, dataFolderProblem } from './data-folder.ts';
import { seedDemo } from './demo/seed.ts';
import { Knowledge } from './knowledge.ts';
import { createLogger } from './logger.ts';
import { corpusDir } from './paths.ts';
import { createConfiguredEmbedder, ingestFolder, ResourceIndex } from './retrieval/index.ts';
import { withIndexLock } from './retrieval/index-lock.ts';
import type { Services } from './services.ts';
import { openConfiguredStore } from './store/configured-store.ts';
import type { Store } from './store/index.ts';

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
/** Stops start-up with one clear line when the data folder is the trouble, else with the error. */
function stopOn(error: unknown, step: string): never {
  const problem = dataFolderProblem(error, config.dataDir);
  if (problem) console.error(problem);
  else logger.error('start-up failed', { step, error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}

const folderProblem = checkDataFolder(config.dataDir);
if (folderProblem) {
  console.error(folderProblem);
  process.exit(1);
}
let serverSecret: ServerSecret;
try {
  serverSecret = loadServerSecret(config.dataDir, config.serverSecret);
} catch (error) {
  if (error instanceof ServerSecretError) {
    console.error(error.message);
    process.exit(1);
  }
  stopOn(error, 'server secret');
}
if (serverSecret.source === 'generated') {
  logger.warn(
    'no COACH_SECRET: generated a server secret and saved it beside coach.db, readable by this user only; participant tokens are signed with keys derived from it, so keep it out of copies of coach.db, and keep it (or set COACH_SECRET) across restarts',
    { path: serverSecret.path },
  );
} else if (serverSecret.source === 'file') {
  logger.info('server secret read from its file beside coach.db (COACH_SECRET is unset)', { path: serverSecret.path });
  if (serverSecret.tightened) logger.warn('the server secret file was readable by others: it is now readable by this user only', { path: serverSecret.path });
}
// Set once the index and its library are ready (below), and swapped whole when an ingest reloads them.
const knowledge = new Knowledge();
const library = () => knowledge.forCoaching().library;
if (!config.adminKey) logger.warn('no COACH_ADMIN_KEY: nobody can create or manage sites');
let modelEngine: CoachEngine | undefined;
if (config.openai.model && (config.openai.apiKey || config.openai.baseURL)) {
  const baseURL = config.openai.baseURL ?? 'https://api.openai.com/v1';
  const client = new OpenAI({ apiKey: config.openai.apiKey ?? 'unused', baseURL });
  modelEngine = createLlmEngine({
    call: { client, model: config.openai.model, timeoutMs: config.openai.timeoutSeconds * 1000, budgetMs: config.openai.timeoutSeconds * 2000 },
    prompts: loadPrompts(),
    offline: createOfflineEngine(library),
    library,
    logger,
  });
  // Operators must know where participants' words go; the key itself is never logged.
  logger.info('coaching answers use a language model', { baseURL, model: config.openai.model });
} else {
  logger.info('coaching answers use the offline engine (set COACH_MODEL and OPENAI_API_KEY or OPENAI_BASE_URL for a model)');
}
let store: Store;
let services: Services;
try {
  // Every part of the server reads site secrets through withTokenKeys: tokens are signed and
  // checked with keys derived from the database's secret and the server secret together.
  store = withTokenKeys(await openConfiguredStore(config, logger), serverSecret.secret);
  /**
   * A limit, or none when its variable is 0: in the shared database when there is one, so
   * that instances count together; per client address, a minute's allowance may come at once.
   */
  const limit = (name: string, perMinute: number, perAddress: boolean) => {
    if (perMinute <= 0) return undefined;
    const options = perAddress ? { perMinute, burst: perMinute } : { perMinute };
    return store.sharedRateLimit?.(name, options) ?? new RateLimiter(options);
  };
  const origins = new OriginRegistry(store);
  // Other instances change sites too: with a shared database, see their origins within 2 s.
  if (config.databaseUrl) await origins.follow(2_000, logger);
  else await origins.load();
  const demo = config.demo ? await seedDemo(store) : undefined;
  if (demo) {
    logger.warn(
      `demo mode on (${config.demoReason}): a demo site, mentee and mentor are seeded, and /v1/demo hands out their tokens without a credential; set COACH_ADMIN_KEY for real use`,
      { site: demo.siteId },
    );
  } else {
    logger.info(`demo mode off (${config.demoReason})`);
  }
  // Built once: only `knowledge` changes inside it, as a whole.
  services = {
    knowledge,
    logger,
    store,
    origins,
    modelEngine,
    demo,
    adminKey: config.adminKey,
    rateLimiter: limit('requests', config.rateLimitPerMinute, false),
    failedAuthLimiter: limit('refused-credentials', config.authFailuresPerMinute, true),
    demoTokenLimiter: limit('demo-tokens', config.demoTokensPerMinute, true),
    clientAddress: { trustedProxies: config.trustedProxies },
  };
} catch (error) {
  stopOn(error, 'participant database');
}
const app = createApp(services);

const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (address) => {
  logger.info('listening', { url: `http://${config.host}:${address.port}/`, demo: config.demo, dataDir: config.dataDir });
});
server.on('error', (error: NodeJS.ErrnoException) => {
  logger.error(error.code === 'EADDRINUSE' ? `port ${config.port} is in use: set PORT to a free one` : 'server error', { error: error.message });
  process.exit(1);
});

try {
  const embedder = await createConfiguredEmbedder(config, logger);
  // Instances may share the index folder (COACH_INDEX_DIR): one at a time opens it and brings
  // the built-in corpus up to date; the next finds nothing to write.
  const index = await withIndexLock(config.indexDir, async () => {
    const opened = await ResourceIndex.open({
      directory: config.indexDir,
      embedder,
      // `npm run ingest`, or another instance, may add documents while the server runs: look for them every 5 s.
      readConsistencyInterval: 5,
      memoryMaxChunks: config.searchMemoryChunks,
    });
    const summary = await ingestFolder(opened, corpusDir, { source: 'corpus' });
    if (summary.added + summary.updated + summary.removed > 0) logger.info('indexed the built-in corpus', { ...summary });
    return opened;
  });
  knowledge.set(index, await Library.load(index));
  // Read the search copy now rather than in the first person's request.
  void index.memoryChunks().catch((error) => logger.warn('could not read the index into memory; searching LanceDB', { error: String(error) }));
  // `npm run ingest` in another process changes the documents table: reload the coach's
  // material when it does, so new documents' actions and agenda blocks are used too.
  let version = await index.documents.version();
  setInterval(async () => {
    try {
      const latest = await index.documents.version();
      if (latest === version) return;
      knowledge.reloaded(await Library.load(index));
      version = latest;
      logger.info('reloaded the coaching library after an ingest', { version });
    } catch (error) {
      logger.warn('could not reload the coaching library', { error: error instanceof Error ? error.message : String(error) });
    }
  }, 30_000).unref();
  logger.info('ready', { startupMs: Math.round(performance.now() - started) });
} catch (error) {
  stopOn(error, 'index');
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info('stopping', { signal });
    server.close(async () => {
      knowledge.index?.close();
      await store.close();
      process.exit(0);
    });
    setTimeout(() => process.exit(0), 3000).unref();
  });
}
