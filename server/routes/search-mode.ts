import type { Principal } from '../auth/index.ts';
import type { SearchMode } from '../retrieval/index.ts';
import { requireIndex, type Services } from '../services.ts';

/**
 * How a caller's searches run. A site that switched models off (`modelEnabled: false`) keeps
 * its people's words on this server: when the index's embedder would send a query to another
 * server, that site's searches rank by words alone (BM25), with nothing embedded.
 */
export async function searchModeFor(services: Services, principal: Principal): Promise<SearchMode | undefined> {
  if (!requireIndex(services).embedder.remote || principal.kind === 'operator') return undefined;
  const site = await services.store.sites.get(principal.siteId);
  return site?.modelEnabled ? undefined : 'fts';
}
