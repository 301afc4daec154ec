/**
 * The owner's clinic id and capacity token for this tab only: kept in `sessionStorage`
 * (gone when the tab closes, never sent anywhere but this proxy's feed), never in a cookie,
 * `localStorage` or the URL.
 */
export interface Session {
  clinicId: string;
  token: string;
}

const KEY = 'clinic-capacity-session';

export function loadSession(): Session | null {
  try {
    const parsed = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Partial<Session> | null;
    return typeof parsed?.clinicId === 'string' && typeof parsed.token === 'string'
      ? { clinicId: parsed.clinicId, token: parsed.token }
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
