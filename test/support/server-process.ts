import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { projectRoot } from '../../server/paths.ts';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
      .listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      })
      .on('error', reject);
  });
}

export interface StartedServer {
  child: ChildProcess;
  baseURL: string;
  /** Milliseconds from spawning the process to the first 200 from /healthz. */
  msToHealthy: number;
  stop(): Promise<void>;
}

/** Runs the built bundle, as `npm start` does. */
export const BUNDLE_ENTRY = ['--enable-source-maps', 'dist/server/main.js'];
/** Runs the TypeScript source, for tests (which do not build the server bundle). */
export const SOURCE_ENTRY = ['--import', 'tsx', 'server/main.ts'];

/** Starts the server as a child process on a free port and waits until /healthz answers 200. */
export async function startServer(dataDir: string, environment: NodeJS.ProcessEnv = {}, entry = BUNDLE_ENTRY): Promise<StartedServer> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, entry, {
    cwd: projectRoot,
    env: { ...process.env, PORT: String(port), COACH_DATA_DIR: dataDir, COACH_LOG_LEVEL: 'warn', ...environment },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseURL = `http://127.0.0.1:${port}`;
  const deadline = started + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    if (performance.now() > deadline) throw new Error('server did not become healthy in 120 s');
    const status = await fetch(`${baseURL}/healthz`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const msToHealthy = performance.now() - started;
  return {
    child,
    baseURL,
    msToHealthy,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
