import { z } from 'zod';
import { hmac, sameSecret } from './secrets.ts';

const PREFIX = 'mc_pt';

const Payload = z.strictObject({
  v: z.literal(1),
  site: z.string(),
  sub: z.string(),
  role: z.enum(['mentee', 'mentor']),
  /**
   * The participant's revocation count when the token was minted (see server/auth/revocation.ts).
   * Tokens minted before revocation existed, or by a caller that does not set it, have none.
   */
  gen: z.number().int().min(0).optional(),
  iat: z.number().int(),
  exp: z.number().int(),
});

export type TokenPayload = z.infer<typeof Payload>;

export const MIN_TOKEN_SECONDS = 60;
export const MAX_TOKEN_SECONDS = 24 * 60 * 60;
export const DEFAULT_TOKEN_SECONDS = 60 * 60;

/**
 * A participant token: `mc_pt.<payload>.<signature>`, the payload JSON in base64url and the
 * signature an HMAC-SHA256 with the site's signing key, so a token works only for the site
 * that minted it, and rotating a site's secret ends all of its tokens at once. The key is the
 * one `withTokenKeys` derives from the site's stored secret and the server secret (see
 * server/auth/token-keys.ts): a copy of the database alone signs nothing.
 */
export function signParticipantToken(payload: TokenPayload, secret: string): string {
  const body = `${PREFIX}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${body}.${hmac(secret, body).toString('base64url')}`;
}

/** The unverified payload, to find the site whose secret checks the signature. */
export function readParticipantToken(token: string): { payload: TokenPayload; body: string; signature: string } | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX) return undefined;
  try {
    const payload = Payload.safeParse(JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')));
    return payload.success ? { payload: payload.data, body: `${parts[0]}.${parts[1]}`, signature: parts[2]! } : undefined;
  } catch {
    return undefined;
  }
}

export function signatureMatches(token: { body: string; signature: string }, secret: string): boolean {
  return sameSecret(hmac(secret, token.body).toString('base64url'), token.signature);
}
