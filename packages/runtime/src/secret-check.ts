import { createHash, timingSafeEqual } from 'node:crypto';

// Hashing first makes the comparison constant-time whatever the lengths.
const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * A constant-time check of candidates against one secret: the service key (headers, the
 * dashboard's sign-in) and METRICS_TOKEN.
 */
export function secretCheck(secret: string): (candidate: string) => boolean {
  const expected = digest(secret);
  return (candidate) => timingSafeEqual(digest(candidate), expected);
}

/** The token of an `Authorization: Bearer <token>` header, if that is what it holds. */
export const bearerTokenOf = (authorization: string | undefined): string | undefined =>
  /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];

/**
 * Whether an Authorization header carries `Bearer <token>`, compared in constant time. /metrics
 * of the API and of each worker use it for METRICS_TOKEN.
 */
export function bearerCheck(token: string): (authorization: string | undefined) => boolean {
  const isToken = secretCheck(token);
  return (authorization) => {
    const given = bearerTokenOf(authorization);
    return given !== undefined && isToken(given);
  };
}
