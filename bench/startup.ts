import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { projectRoot } from '../server/paths.ts';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    }).on('error', reject);
  });
}

export interface StartedServer {
  child: ChildProcess;
  baseURL: string;
  /** Milliseconds from spawning the process to the first 200 from /healthz. */
  msToHealthy: number;
  stop(): Promise<void>;
}

/** Starts the server as `npm start` does (node on the built bundle) and waits until healthy. */
export async function startServer(dataDir: string, environment: NodeJS.ProcessEnv = {}, entry = ['--enable-source-maps', 'dist/server/main.js']): Promise<StartedServer> {
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
    const status = await fetch(`${baseURL}/healthz`).then((response) => response.status, () => 0);
    if (status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const msToHealthy = performance.now() - started;
  return {
    child, baseURL, msToHealthy,
    stop: () => new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

/** Resident set size of a process in MB, from /proc (Linux). */
export function residentMegabytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((entry) => entry.startsWith('VmRSS:'))!;
  return Number(line.replace(/\D+/g, '')) / 1024;
}
