/** Reading a clinic's or a practice's capacity feed from this proxy, with the answers an owner can act on. */
import type { CapacityResponse } from '../shared/capacity-contract.ts';
import type { Session } from './session.ts';

export type FeedResult =
  | { ok: true; feed: CapacityResponse }
  | {
      ok: false;
      reason: 'token' | 'clinic' | 'not-set-up' | 'busy' | 'failed';
      message: string;
      retryAfterSeconds?: number;
    };

export async function fetchCapacity(session: Session): Promise<FeedResult> {
  let response: Response;
  try {
    const path = session.scope === 'practice' ? 'practices' : 'clinics';
    response = await fetch(`/api/${path}/${encodeURIComponent(session.id)}/capacity`, {
      headers: { Authorization: `Bearer ${session.token}`, Accept: 'application/json' },
      cache: 'no-store',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
    });
  } catch {
    return { ok: false, reason: 'failed', message: 'The proxy could not be reached. Check your connection.' };
  }
  if (response.ok) return { ok: true, feed: (await response.json()) as CapacityResponse };
  const body = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
  const code = body?.error?.code;
  const whose = session.scope === 'practice' ? 'practice' : 'clinic';
  if (response.status === 401)
    return {
      ok: false,
      reason: 'token',
      message: `That token was not accepted for this ${whose}. Check it and try again.`,
    };
  if (code === 'clinic_not_found' || code === 'practice_not_found')
    return { ok: false, reason: 'clinic', message: `There is no ${whose} with that id on this proxy.` };
  if (response.status === 404)
    return {
      ok: false,
      reason: 'not-set-up',
      message: `This ${whose} has no capacity token set up. Ask whoever runs the proxy to add one.`,
    };
  if (response.status === 429) {
    const retryAfterSeconds = Number(response.headers.get('Retry-After')) || 60;
    return {
      ok: false,
      reason: 'busy',
      message: `Too many requests: trying again in ${retryAfterSeconds} seconds.`,
      retryAfterSeconds,
    };
  }
  return {
    ok: false,
    reason: 'failed',
    message: 'The practice system did not answer. The dashboard will try again shortly.',
  };
}
