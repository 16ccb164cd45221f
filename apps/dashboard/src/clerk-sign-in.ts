/**
 * Clerk's own sign-in component, for deployments where admins sign in to Stumbleable with Clerk
 * (the API gives the publishable key in /api/session/options). Loaded only then, and only on
 * the sign-in page: Clerk's UI weighs more than the whole dashboard. Once Clerk has a session,
 * its `__session` cookie is what the API reads.
 */
export async function mountClerkSignIn(publishableKey: string, node: HTMLDivElement, signedIn: () => void) {
  const { Clerk } = await import('@clerk/clerk-js');
  const clerk = new Clerk(publishableKey);
  await clerk.load();
  if (clerk.user) {
    signedIn();
    return () => {};
  }
  clerk.mountSignIn(node, { forceRedirectUrl: window.location.href });
  const stop = clerk.addListener(({ user }) => {
    if (user) signedIn();
  });
  return () => {
    stop();
    clerk.unmountSignIn(node);
  };
}
