import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const SITE_KEY = /^mc_site_(site_[a-z0-9]{1,40})_([A-Za-z0-9_-]{43})$/;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function hmac(secret: string, text: string): Buffer {
  return createHmac('sha256', secret).update(text).digest();
}

/** Compares without leaking, through timing, how much of a guess was right. */
export function sameSecret(left: string | Buffer, right: string | Buffer): boolean {
  const a = Buffer.from(left);
  const b = Buffer.from(right);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A site key names its site (so verification is one lookup) and carries 256 random bits;
 * only the hash of the random part is stored, so a copy of the database yields no key.
 */
export function newSiteKey(siteId: string): { apiKey: string; keyHash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { apiKey: `mc_site_${siteId}_${secret}`, keyHash: sha256(secret) };
}

export function parseSiteKey(apiKey: string): { siteId: string; secret: string } | undefined {
  const match = SITE_KEY.exec(apiKey);
  return match ? { siteId: match[1]!, secret: match[2]! } : undefined;
}

export function newTokenSecret(): string {
  return randomBytes(32).toString('base64url');
}
