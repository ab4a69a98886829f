import { decodeJwtPayload, type TokenClaims } from './jwt';

/** The tokens of the logged-in user and what the UI reads from the access token. */
export type Session = { accessToken: string; refreshToken: string; claims: TokenClaims };

/** Why the session ended: the user logged out, or the tokens could not be refreshed. */
export type EndReason = 'logout' | 'expired';

// sessionStorage, not localStorage: the session survives a reload but ends with the tab and
// is not shared with other tabs, which keeps a stolen-laptop window as short as possible.
const STORAGE_KEY = 'shop.session';

const listeners = new Set<() => void>();
let current: Session | null = null;
let lastEnd: EndReason | null = null;

const toSession = (accessToken: string, refreshToken: string): Session | null => {
  const claims = decodeJwtPayload(accessToken);
  return claims ? { accessToken, refreshToken, claims } : null;
};

const load = (): Session | null => {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as {
      accessToken?: unknown;
      refreshToken?: unknown;
    } | null;
    if (typeof stored?.accessToken !== 'string' || typeof stored.refreshToken !== 'string') {
      return null;
    }
    return toSession(stored.accessToken, stored.refreshToken);
  } catch {
    return null; // storage disabled (private mode) or corrupted: start logged out
  }
};

const persist = (session: Session | null) => {
  try {
    if (session) {
      const { accessToken, refreshToken } = session;
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ accessToken, refreshToken }));
    } else {
      sessionStorage.removeItem(STORAGE_KEY);
    }
  } catch {
    // Storage unavailable: the session still lives in memory for this page.
  }
};

current = typeof sessionStorage === 'undefined' ? null : load();

export const getSession = (): Session | null => current;

/** How the previous session ended (to tell "logged out" from "session expired"). */
export const lastSessionEnd = (): EndReason | null => lastEnd;

const notify = () => {
  for (const listener of listeners) listener();
};

/** Stores a fresh token pair (after login or refresh). */
export const startSession = (tokens: { accessToken: string; refreshToken: string }): Session => {
  const session = toSession(tokens.accessToken, tokens.refreshToken);
  if (!session) throw new Error('The shop sent an unreadable access token');
  current = session;
  lastEnd = null;
  persist(session);
  notify();
  return session;
};

export const endSession = (reason: EndReason): void => {
  if (!current) return;
  current = null;
  lastEnd = reason;
  persist(null);
  notify();
};

/** For useSyncExternalStore: components re-render when the session changes. */
export const subscribeSession = (listener: () => void): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
