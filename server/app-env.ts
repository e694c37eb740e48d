import type { Principal } from './auth/principal.ts';

/**
 * The Hono environment of every router: who is calling, and the request id. `clientAddress`
 * lets in-process callers (tests, through `app.request(path, init, { clientAddress })`) say
 * where a request comes from; over the network the connection says it (server/auth/client-address.ts).
 */
export type AppEnv = { Variables: { principal: Principal; requestId: string }; Bindings: { clientAddress?: string } };
