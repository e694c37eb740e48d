import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file, in the data folder beside coach.db, that keeps a generated server secret. */
export const SERVER_SECRET_FILE = 'server-secret';
export const MIN_SERVER_SECRET_LENGTH = 32;

export interface ServerSecret {
  secret: string;
  /** `environment`: COACH_SECRET; `file`: read from the file; `generated`: made now and saved in the file. */
  source: 'environment' | 'file' | 'generated';
  /** The file, when the secret is kept in one. */
  path?: string;
  /** The file was readable by others and has been made owner-only. */
  tightened?: boolean;
}

/** The secret file cannot be used: start-up stops with this one line. */
export class ServerSecretError extends Error {
  override name = 'ServerSecretError';
}

/**
 * The server's half of every token-signing key (see token-keys.ts). COACH_SECRET wins; without
 * it the secret is made once, at random, and kept in `<data folder>/server-secret`, owner-only
 * (0600), so restarts keep the tokens already handed out. It sits beside coach.db, not inside:
 * a copy of the database alone (a dump, a stolen backup of that file) mints no token.
 */
export function loadServerSecret(dataDir: string, configured?: string): ServerSecret {
  if (configured) return { secret: configured, source: 'environment' };
  const path = join(dataDir, SERVER_SECRET_FILE);
  const made = randomBytes(32).toString('base64url');
  try {
    // `wx`: two servers starting at once on one folder cannot both write one; the second reads it.
    writeFileSync(path, `${made}\n`, { mode: 0o600, flag: 'wx' });
    return { secret: made, source: 'generated', path };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = readFileSync(path, 'utf8').trim();
  if (secret.length < MIN_SERVER_SECRET_LENGTH) {
    throw new ServerSecretError(
      `The server secret file ${path} holds fewer than ${MIN_SERVER_SECRET_LENGTH} characters: delete it to have a new one made (tokens already handed out stop working), or set COACH_SECRET.`,
    );
  }
  let tightened = false;
  if ((statSync(path).mode & 0o077) !== 0) {
    chmodSync(path, 0o600);
    tightened = true;
  }
  return { secret, source: 'file', path, tightened };
}
