import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './server-process.ts';

/**
 * A throwaway PostgreSQL cluster for one test run, started from Debian's `postgresql`
 * binaries: its own data folder under /tmp, loopback only, trust authentication, gone after
 * the run. Run as root (as CI does), it runs as the `postgres` user, since PostgreSQL refuses
 * to run as root. The README's "PostgreSQL by hand" section does the same steps.
 */
export interface PostgresCluster {
  /** A URL for the `postgres` superuser's database on the cluster. */
  url: string;
  /** Stops the server and keeps its data: a database that went away. */
  halt(): void;
  /** Starts it again on the same port, with the same data. */
  resume(): void;
  /** Stops it for good and removes its folder. */
  stop(): void;
}

/** The newest installed server's bin folder (Debian keeps each major version under /usr/lib/postgresql). */
function serverBinaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions.length) {
    throw new Error("PostgreSQL's server is not installed (no /usr/lib/postgresql/*/bin/initdb): sudo apt-get install -y postgresql (README, Prerequisites)");
  }
  return join(root, versions[0]!, 'bin');
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = serverBinaries();
  const folder = mkdtempSync(join(tmpdir(), 'mentor-coach-postgres-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(folder, uid, gid);
  }
  chmodSync(folder, 0o700);
  const run = (program: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, program), ...args], { stdio: 'pipe' })
      : execFileSync(join(bin, program), args, { stdio: 'pipe' });
  const data = join(folder, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-instructions']);
  const port = await freePort();
  // The socket in the cluster's own folder: the system's /var/run/postgresql may not exist or belong to another server.
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${folder} -c max_connections=200`;
  const start = () => run('pg_ctl', ['-D', data, '-l', join(folder, 'server.log'), '-w', '-t', '60', '-o', options, 'start']);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    halt: () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']),
    resume: start,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // Already stopped (a test halted it and failed before resuming): the folder still goes.
      }
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Creates an empty database on the server at `adminUrl` (a superuser's URL) and answers its URL. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client(adminUrl);
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.href;
}
