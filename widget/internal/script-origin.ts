/**
 * The origin the widget script was loaded from: the default proxy for `api`, since a
 * clinic's page loads `widget.js` from its proxy.
 */

// Read while the bundle first runs: a classic script is `document.currentScript` then; a
// module has no current script but knows its own URL.
const loadedFrom: string | undefined =
  (typeof document !== 'undefined' && (document.currentScript as HTMLScriptElement | null)?.src) || import.meta.url;

export function scriptOrigin(): string {
  try {
    return new URL(loadedFrom ?? '').origin;
  } catch {
    return window.location.origin;
  }
}
