/** Why a stream's credential stopped carrying it. */
export type CredentialEnd = 'expired' | 'revoked';

export interface CredentialWatchOptions {
  /** When the credential stops being valid (null: it does not expire). */
  expiresAt: Date | null;
  /** How often to ask whether it was revoked. */
  checkEveryMs: number;
  /**
   * Whether the credential is still accepted. A rejection keeps the stream (the next check asks
   * again); the API's stillAuthenticated never rejects, and answers no for a session it cannot
   * check while Postgres is away (the browser reconnects once it can be checked).
   */
  stillValid: () => Promise<boolean>;
  onEnd: (why: CredentialEnd) => void;
}

// setTimeout takes at most a 32-bit delay; a later expiry is re-armed when that passes.
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * Keeps a long-lived response honest about who it serves: a stream is authenticated once, when
 * it opens, and would otherwise outlive an expired token or a sign-out for as long as the
 * reader stays. Calls `onEnd` once, at the expiry or at the first check that finds the
 * credential revoked.
 */
export function watchCredential({ expiresAt, checkEveryMs, stillValid, onEnd }: CredentialWatchOptions) {
  let ended = false;
  let expiryTimer: NodeJS.Timeout | null = null;
  let checking = false;

  const end = (why: CredentialEnd) => {
    if (ended) return;
    stop();
    onEnd(why);
  };
  const armExpiry = () => {
    if (!expiresAt) return;
    const left = expiresAt.getTime() - Date.now();
    if (left <= 0) return end('expired');
    expiryTimer = setTimeout(armExpiry, Math.min(left, LONGEST_TIMER_MS));
  };
  const check = setInterval(async () => {
    if (checking || ended) return;
    checking = true;
    try {
      if (!(await stillValid())) end(expiresAt && expiresAt.getTime() <= Date.now() ? 'expired' : 'revoked');
    } catch {
      // Could not tell: keep the stream; the next check asks again.
    } finally {
      checking = false;
    }
  }, checkEveryMs);
  function stop() {
    ended = true;
    clearInterval(check);
    if (expiryTimer) clearTimeout(expiryTimer);
  }
  armExpiry();

  return { stop };
}
