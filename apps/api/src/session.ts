import { createHmac, randomUUID } from 'node:crypto';
import type { DashboardSessions } from '@scheduler/db';
import { jwtVerify, SignJWT } from 'jose';

/** The dashboard's own session cookie (Clerk's is `__session`). */
export const SESSION_COOKIE = 'scheduler_session';
/** How long a session lasts unused; past half of it, a request that uses it gets a fresh cookie. */
export const SESSION_LIFETIME_S = 60 * 60;
/** The default absolute lifetime of a session, however often it is renewed. */
export const SESSION_ABSOLUTE_LIFETIME_MS = 12 * 60 * 60 * 1000;

const ISSUER = 'stumbleable-scheduler';

export interface Session {
  /** The server-side id: what sign-out and "sign out everywhere" revoke. */
  id: string;
  /** Who signed in: with the service key, the service. */
  subject: 'service';
  /** When this cookie stops being valid: its idle end, or the absolute end if sooner. */
  expiresAt: Date;
  /** When the session ends, however often it is renewed. */
  endsAt: Date;
}

export interface SessionOptions {
  serviceKey: string;
  store: DashboardSessions;
  /** Absolute lifetime (default 12 h). */
  absoluteLifetimeMs?: number;
}

/**
 * Sessions for people who sign in with the service key (local use, and operators without
 * Clerk): an HS256 token in an HttpOnly cookie naming a row of `dashboard_sessions`. The token
 * proves the API issued it; the row proves it has not been revoked (sign-out, "sign out
 * everywhere") or reached its absolute end. The signing key is derived from
 * SCHEDULER_SERVICE_KEY, so every replica accepts every session without another secret to
 * configure, and rotating the service key ends every session.
 */
export function createSessions({
  serviceKey,
  store,
  absoluteLifetimeMs = SESSION_ABSOLUTE_LIFETIME_MS,
}: SessionOptions) {
  const key = createHmac('sha256', serviceKey).update('scheduler dashboard session v1').digest();

  async function sign(id: string, endsAt: Date, now: Date): Promise<{ token: string; session: Session }> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const expiresAt = Math.min(issuedAt + SESSION_LIFETIME_S, Math.floor(endsAt.getTime() / 1000));
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setSubject('service')
      .setJti(id)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(key);
    return { token, session: { id, subject: 'service', expiresAt: new Date(expiresAt * 1000), endsAt } };
  }

  /** The session id a token names when the API signed it, expired or not (for sign-out). */
  async function idOf(token: string, options: { currentDate?: Date } = {}) {
    const { payload } = await jwtVerify(token, key, {
      issuer: ISSUER,
      algorithms: ['HS256'],
      subject: 'service',
      ...options,
    });
    if (typeof payload.jti !== 'string' || !payload.jti) throw new Error('no session id');
    return { id: payload.jti, exp: payload.exp as number };
  }

  return {
    /** A new session, recorded so that it can be revoked, ending `absoluteLifetimeMs` from now. */
    async issue(now = new Date()): Promise<{ token: string; session: Session }> {
      const id = randomUUID();
      // Whole seconds, as the token's exp: the cookie never outlives the row by a fraction.
      const endsAt = new Date(Math.floor((now.getTime() + absoluteLifetimeMs) / 1000) * 1000);
      await store.open(id, endsAt);
      return sign(id, endsAt, now);
    },

    /** A fresh cookie for the same session: same id, same absolute end. */
    renew(session: Session, now = new Date()): Promise<{ token: string; session: Session }> {
      return sign(session.id, session.endsAt, now);
    },

    /**
     * The session a cookie holds, or null when it is forged, altered, expired, revoked or past
     * its absolute end. One primary-key lookup in Postgres (which throws while it is away).
     */
    async verify(token: string): Promise<Session | null> {
      let claimed: { id: string; exp: number };
      try {
        claimed = await idOf(token);
      } catch {
        return null;
      }
      const endsAt = await store.endOf(claimed.id);
      if (!endsAt) return null;
      const expiresAt = new Date(Math.min(claimed.exp * 1000, endsAt.getTime()));
      return { id: claimed.id, subject: 'service', expiresAt, endsAt };
    },

    /** Whether a session is still live (not revoked, not past its absolute end). */
    async isLive(id: string): Promise<boolean> {
      return (await store.endOf(id)) !== null;
    },

    /** Sign-out: revokes the session a cookie names, if the API signed it (even expired). */
    async revokeToken(token: string): Promise<boolean> {
      try {
        const { id } = await idOf(token, { currentDate: new Date(0) });
        return await store.revoke(id);
      } catch {
        return false;
      }
    },

    /** "Sign out everywhere": how many live sessions ended. */
    revokeAll: () => store.revokeAll(),
  };
}

export type Sessions = ReturnType<typeof createSessions>;

/** Whether a session should be renewed: more than half of its idle life is gone, and it can still be extended. */
export const wantsRenewal = (session: Session, now = Date.now()) =>
  session.expiresAt.getTime() - now < (SESSION_LIFETIME_S * 1000) / 2 &&
  session.expiresAt.getTime() < session.endsAt.getTime();
