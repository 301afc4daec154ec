/**
 * The origin the widget script was loaded from: the default proxy for `api`, since a
 * clinic's page loads `widget.js` from its proxy.
 */

// Read while the bundle first runs. A module knows its own URL; a classic script (the
// `widget.iife.js` build, where the build defines `import.meta.url` as undefined) is
// `document.currentScript` at that moment.
const loadedFrom: string | undefined =
  import.meta.url ||
  (typeof document !== 'undefined' ? (document.currentScript as HTMLScriptElement | null)?.src : undefined);

export function scriptOrigin(): string {
  try {
    return new URL(loadedFrom ?? '').origin;
  } catch {
    return window.location.origin;
  }
}
