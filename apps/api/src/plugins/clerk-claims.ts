/** What a Clerk session token must also satisfy once its signature, exp, nbf and azp hold. */
export interface ClerkClaimsCheck {
  /** The instance's Frontend API origin, e.g. https://clerk.stumbleable.com: the tokens' `iss`. */
  issuer: string;
  /** The longest lifetime (exp minus the earlier of iat and nbf) a token may have, in seconds. */
  maxLifetimeS: number;
}

/**
 * Why a verified Clerk token is still refused, or null when it is fine. verifyToken checks
 * the signature, but a key that signs for another instance, or a token minted to live for
 * years, must not open the API: Clerk's own session tokens come from one issuer and live a
 * minute.
 */
export function checkClerkClaims(claims: Record<string, unknown>, check: ClerkClaimsCheck): string | null {
  if (claims.iss !== check.issuer) return `issuer ${typeof claims.iss === 'string' ? 'mismatch' : 'missing'}`;
  const { exp, iat, nbf } = claims;
  if (typeof exp !== 'number') return 'no expiry';
  const starts = [iat, nbf].filter((t): t is number => typeof t === 'number');
  if (starts.length === 0) return 'no issue time';
  if (exp - Math.min(...starts) > check.maxLifetimeS) return 'lifetime too long';
  return null;
}

/**
 * The Frontend API origin a publishable key names (pk_live_ + base64 of "<host>$"), or null
 * when it names none.
 */
export function issuerOfPublishableKey(publishableKey: string): string | null {
  const host = Buffer.from(publishableKey.replace(/^pk_(live|test)_/, ''), 'base64')
    .toString('utf8')
    .replace(/\$$/, '');
  return /^[a-z0-9.-]+$/i.test(host) ? `https://${host}` : null;
}
