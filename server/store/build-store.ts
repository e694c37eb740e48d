import { storeFeedback } from './feedback.ts';
import { storeGoals } from './goals.ts';
import { storePairings } from './pairings.ts';
import { storeParticipants } from './participants.ts';
import type { Store } from './repositories.ts';
import { storeSessionNotes } from './session-notes.ts';
import { storeSessions } from './sessions.ts';
import { storeSites } from './sites.ts';
import type { StoreContext } from './store-support.ts';

/** The repositories over one database, whichever it is; `close` ends what opened it; `extra` adds what only one database offers. */
export function buildStore(context: StoreContext, close: () => Promise<void>, extra: Pick<Store, 'sharedRateLimit'> = {}): Store {
  return {
    ...extra,
    sites: storeSites(context),
    participants: storeParticipants(context),
    pairings: storePairings(context),
    goals: storeGoals(context),
    sessions: storeSessions(context),
    sessionNotes: storeSessionNotes(context),
    feedback: storeFeedback(context),
    close,
  };
}
