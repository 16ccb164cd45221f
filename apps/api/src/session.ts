import { createHmac } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';

/** The dashboard's own session cookie (Clerk's is `__session`). */
export const SESSION_COOKIE = 'scheduler_session';
/** How long a session lasts; past half of it, a request that uses it gets a fresh one. */
export const SESSION_LIFETIME_S = 60 * 60;

const ISSUER = 'stumbleable-scheduler';

export interface Session {
  /** Who signed in: with the service key, the service. */
  subject: 'service';
  expiresAt: Date;
}

/**
 * Sessions for people who sign in with the service key (local use, and operators without
 * Clerk): a short-lived HS256 token in an HttpOnly cookie. The signing key is derived from
 * SCHEDULER_SERVICE_KEY, so every replica accepts every session without another secret to
 * configure, and rotating the service key ends every session.
 */
export function createSessions(serviceKey: string) {
  const key = createHmac('sha256', serviceKey).update('scheduler dashboard session v1').digest();

  return {
    async issue(now = new Date()): Promise<{ token: string; session: Session }> {
      const issuedAt = Math.floor(now.getTime() / 1000);
      const expiresAt = issuedAt + SESSION_LIFETIME_S;
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(ISSUER)
        .setSubject('service')
        .setIssuedAt(issuedAt)
        .setExpirationTime(expiresAt)
        .sign(key);
      return { token, session: { subject: 'service', expiresAt: new Date(expiresAt * 1000) } };
    },

    /** The session a cookie holds, or null when it is forged, altered or expired. */
    async verify(token: string): Promise<Session | null> {
      try {
        const { payload } = await jwtVerify(token, key, { issuer: ISSUER, algorithms: ['HS256'], subject: 'service' });
        return { subject: 'service', expiresAt: new Date((payload.exp as number) * 1000) };
      } catch {
        return null;
      }
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;

/** Whether a session should be renewed: more than half of its life is gone. */
export const wantsRenewal = (session: Session, now = Date.now()) =>
  session.expiresAt.getTime() - now < (SESSION_LIFETIME_S * 1000) / 2;
