import { createContext, useContext } from 'react';
import type { Principal } from './api.ts';

/** Who is signed in; pages hide what the principal may not do (the API refuses it anyway). */
export const SessionContext = createContext<{ principal: Principal; signOut(): void } | null>(null);

export function useSession() {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

export const useCanWrite = () => useSession().principal.canWrite;
