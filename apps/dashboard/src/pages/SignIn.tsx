import { useEffect, useRef, useState } from 'react';
import { $api, api, unwrap } from '../api.ts';
import { Problem } from '../components/Problem.tsx';
import { nextUrl } from '../next-url.ts';

/**
 * Sign-in with the service key, exchanged at once for an HttpOnly session cookie: the key is
 * never kept in the page, in storage or in a URL. Where the API is set up with Clerk (it gives
 * the publishable key in /api/session/options), Clerk's sign-in is offered too, and people with a
 * Stumbleable session on this site are signed in already; without it, only the key is mentioned.
 */
export function SignIn({ onSignedIn, expired }: { onSignedIn(): void; expired: boolean }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const options = $api.useQuery('get', '/api/session/options');
  const clerkKey = options.data?.clerkPublishableKey ?? null;
  const clerkNode = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!clerkKey || !clerkNode.current) return;
    let unmount = () => {};
    void import('../clerk-sign-in.ts')
      .then(({ mountClerkSignIn }) => mountClerkSignIn(clerkKey, clerkNode.current as HTMLDivElement, onSignedIn))
      .then((stop) => {
        unmount = stop;
      }, setError);
    return () => unmount();
  }, [clerkKey, onSignedIn]);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await unwrap(api.POST('/api/session', { body: { serviceKey: key } }));
      setKey('');
      // Sent here from /docs or Bull Board: back there (only to an address of this site).
      const next = nextUrl(new URLSearchParams(window.location.search).get('next'), window.location.origin);
      if (next) window.location.assign(next);
      else onSignedIn();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="sign-in">
      <h1>Stumbleable scheduler</h1>
      {expired ? <p>Your session has ended: sign in again.</p> : null}
      {clerkKey ? (
        <section aria-labelledby="with-clerk">
          <h2 id="with-clerk">With your Stumbleable account</h2>
          <div ref={clerkNode} data-testid="clerk-sign-in" />
          <h2>Or with the service key</h2>
        </section>
      ) : null}
      <form onSubmit={submit}>
        <label htmlFor="service-key">Service key</label>
        <input
          id="service-key"
          type="password"
          autoComplete="off"
          required
          value={key}
          onChange={(e) => setKey(e.target.value)}
        />
        <button type="submit" disabled={busy || key === ''}>
          Sign in
        </button>
        <Problem error={error ?? options.error} />
        <p className="muted">
          {clerkKey ? 'Admins signed in to Stumbleable come straight in. ' : ''}The service key is in{' '}
          <code>.local/service-key</code> when you run <code>pnpm start</code>.
        </p>
      </form>
    </main>
  );
}
