/**
 * Applies a clinic's theme (from its profile) as the `--_clinic-*` fallbacks that
 * `tokens.styles.ts` reads after the page's own `--cb-*` values, so the page still wins.
 *
 * The values go through `CSSStyleDeclaration.setProperty`, never through CSS text: a value
 * the browser does not accept is dropped, and nothing can close the rule. The proxy checks
 * them with `isSafeCssValue` too; the widget checks again rather than trust the wire.
 */
import { supportsAdoptingStyleSheets } from 'lit';
import { COLOUR_TOKENS, THEME_TOKENS, isSafeCssValue, type ClinicTheme } from '../../shared/theme-tokens.ts';

/** The private custom properties a clinic's theme sets, by name. */
export function clinicThemeProperties(theme: ClinicTheme | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const put = (name: string, value: unknown) => {
    if (typeof value === 'string' && value.trim() && isSafeCssValue(value)) out.set(name, value.trim());
  };
  for (const token of THEME_TOKENS) put(`--_clinic-${token}`, theme?.[token]);
  for (const token of COLOUR_TOKENS) put(`--_clinic-dark-${token}`, theme?.dark?.[token]);
  return out;
}

/**
 * Keeps one element's clinic theme in a stylesheet of its own, adopted after the
 * component's styles. Where a browser cannot adopt stylesheets (Lit then falls back to
 * `<style>` elements), the properties go on the host element's style instead.
 */
export class ClinicThemeSheet {
  readonly #host: HTMLElement;
  #sheet: CSSStyleSheet | null = null;
  #inline: string[] = [];

  constructor(host: HTMLElement) {
    this.#host = host;
  }

  apply(theme: ClinicTheme | undefined): void {
    const properties = clinicThemeProperties(theme);
    const root = this.#host.shadowRoot;
    if (supportsAdoptingStyleSheets && root) {
      if (!this.#sheet) {
        this.#sheet = new CSSStyleSheet();
        root.adoptedStyleSheets = [...root.adoptedStyleSheets, this.#sheet];
      }
      this.#sheet.replaceSync(':host {}');
      const style = (this.#sheet.cssRules[0] as CSSStyleRule).style;
      for (const [name, value] of properties) style.setProperty(name, value);
      return;
    }
    for (const name of this.#inline) this.#host.style.removeProperty(name);
    for (const [name, value] of properties) this.#host.style.setProperty(name, value);
    this.#inline = [...properties.keys()];
  }
}
