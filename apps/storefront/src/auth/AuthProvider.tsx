import type { RegisterAccountBody } from '@shop/contracts';
import { createContext, type ReactNode, useContext, useMemo, useSyncExternalStore } from 'react';
import * as accounts from '../api/accounts';
import { endSession, getSession, type Session, startSession, subscribeSession } from './session';

type Auth = {
  session: Session | null;
  isAdmin: boolean;
  logIn: (email: string, password: string) => Promise<void>;
  register: (body: RegisterAccountBody) => Promise<void>;
  logOut: () => Promise<void>;
};

const AuthContext = createContext<Auth | null>(null);

const logIn = async (email: string, password: string) => {
  startSession(await accounts.login({ email, password }));
};

const register = async (body: RegisterAccountBody) => {
  await accounts.register(body);
  await logIn(body.email, body.password);
};

const logOut = async () => {
  const session = getSession();
  // Forget the tokens locally first: logging out must work even when the shop is unreachable.
  endSession('logout');
  if (session) await accounts.logout(session.refreshToken).catch(() => undefined);
};

/** Holds who is logged in; the tokens themselves live in auth/session.ts. */
export const AuthProvider = ({ children }: { children: ReactNode }) => {
  const session = useSyncExternalStore(subscribeSession, getSession);
  const value = useMemo<Auth>(
    () => ({ session, isAdmin: session?.claims.role === 'ADMIN', logIn, register, logOut }),
    [session],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
};

export const useAuth = (): Auth => {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth needs an <AuthProvider>');
  return auth;
};
