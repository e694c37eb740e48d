import { newSiteKey, newTokenSecret, OriginRegistry, signParticipantToken } from '../../server/auth/index.ts';
import type { Library } from '../../server/coach/library.ts';
import { Knowledge } from '../../server/knowledge.ts';
import { createLogger, type Logger } from '../../server/logger.ts';
import type { ResourceIndex } from '../../server/retrieval/index.ts';
import type { Services } from '../../server/services.ts';
import { createSqliteStore, type Participant } from '../../server/store/index.ts';

/** Real services around a throwaway SQLite database; override what a test needs. */
export function createTestServices(overrides: Partial<Services> & { index?: ResourceIndex; library?: Library; databasePath?: string } = {}): Services {
  const { databasePath, index, library, ...rest } = overrides;
  const knowledge = rest.knowledge ?? new Knowledge();
  if (index) knowledge.set(index, library);
  const store = rest.store ?? createSqliteStore({ path: databasePath ?? ':memory:' });
  const logger: Logger = rest.logger ?? createLogger({ level: 'silent' });
  return { logger, store, origins: new OriginRegistry(store), ...rest, knowledge };
}

/** A site straight in the store, with its key, as POST /v1/admin/sites would make it. */
export async function createTestSite(services: Services, name = 'Test site', allowedOrigins: string[] = []) {
  const id = `site_${Math.random().toString(36).slice(2, 12)}`;
  const { apiKey, keyHash } = newSiteKey(id);
  const site = await services.store.sites.create(
    { name, allowedOrigins, safeguardingContacts: [], modelEnabled: true },
    { keyHash, tokenSecret: newTokenSecret() },
    id,
  );
  services.origins.set(site.id, allowedOrigins);
  return { site, apiKey, headers: { authorization: `Bearer ${apiKey}` } };
}

/** A participant token for a participant of a site, valid for `seconds` (negative: already expired). */
export async function tokenFor(services: Services, participant: Pick<Participant, 'id' | 'role'>, siteId: string, seconds = 3600) {
  const secrets = (await services.store.sites.secrets(siteId))!;
  const issued = Math.floor(Date.now() / 1000);
  return signParticipantToken({ v: 1, site: siteId, sub: participant.id, role: participant.role, iat: issued, exp: issued + seconds }, secrets.tokenSecret);
}
