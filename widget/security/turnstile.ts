/**
 * Cloudflare Turnstile, for clinics that turn it on: the script loads only then, and the
 * challenge renders in the page's own DOM (slotted into the widget), where Cloudflare's
 * iframe works in every browser.
 */

/** The part of Turnstile's browser API the widget uses. */
export interface TurnstileApi {
  render(container: HTMLElement, options: TurnstileOptions): string | undefined;
  reset(widgetId?: string): void;
  remove(widgetId: string): void;
}

export interface TurnstileOptions {
  sitekey: string;
  action: string;
  callback: (token: string) => void;
  'expired-callback': () => void;
  'error-callback': () => void;
  theme?: 'auto' | 'light' | 'dark';
}

const SCRIPT_URL = 'https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit';

let loading: Promise<TurnstileApi> | undefined;

function current(): TurnstileApi | undefined {
  return (window as unknown as { turnstile?: TurnstileApi }).turnstile;
}

/** Loads Cloudflare's script once per page (or uses the one the page already has). */
export function loadTurnstile(): Promise<TurnstileApi> {
  const existing = current();
  if (existing) return Promise.resolve(existing);
  loading ??= new Promise<TurnstileApi>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = SCRIPT_URL;
    script.async = true;
    script.onload = () => {
      const api = current();
      if (api) resolve(api);
      else reject(new Error('Turnstile did not start.'));
    };
    script.onerror = () => {
      loading = undefined;
      reject(new Error('The security check could not load.'));
    };
    document.head.append(script);
  });
  return loading;
}
