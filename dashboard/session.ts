/**
 * Whose capacity the owner reads (one clinic, or a practice of several locations) and its
 * capacity token, for this tab only: kept in `sessionStorage` (gone when the tab closes, never
 * sent anywhere but this proxy's feed), never in a cookie, `localStorage` or the URL.
 */
export interface Session {
  /** A clinic's feed (`/api/clinics/:id/capacity`) or a practice's (`/api/practices/:id/capacity`). */
  scope: 'clinic' | 'practice';
  id: string;
  token: string;
}

const KEY = 'clinic-capacity-session';

export function loadSession(): Session | null {
  try {
    const parsed = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as
      (Partial<Session> & { clinicId?: unknown }) | null;
    if (typeof parsed?.token !== 'string') return null;
    if (typeof parsed.id === 'string' && (parsed.scope === 'clinic' || parsed.scope === 'practice'))
      return { scope: parsed.scope, id: parsed.id, token: parsed.token };
    // A tab signed in before practices existed kept `{ clinicId, token }`.
    return typeof parsed.clinicId === 'string'
      ? { scope: 'clinic', id: parsed.clinicId, token: parsed.token }
      : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(session));
  } catch {
    // Storage refused (a private window's quota): the session lasts until the page reloads.
  }
}

export function clearSession(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Nothing was kept.
  }
}
