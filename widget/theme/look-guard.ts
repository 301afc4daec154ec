/**
 * Keeps every text colour pair of the widget readable (WCAG 1.4.3 and 1.4.11), whatever the
 * page and the clinic's theme set, in whichever look is active. After each render it reads
 * what the tokens resolved to; a colour that falls below its pair's minimum is passed over
 * for the next one (the clinic's, then the built-in one) and the console says so once.
 *
 * Without a `theme` attribute the widget keeps the page's text colour; on a dark site that
 * colour is light, so the widget takes its dark look there rather than put light text on a
 * white surface, and takes the built-in text colour when the page's reads on neither.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { supportsAdoptingStyleSheets } from 'lit';
import { settleColours, type Candidate, type Rgb, type Settled, over } from '../../shared/contrast.ts';
import { DARK_PALETTE, LIGHT_PALETTE } from '../../shared/theme-defaults.ts';
import { COLOUR_TOKENS, type ColourToken } from '../../shared/theme-tokens.ts';
import { PRIVATE_COLOUR } from './private-names.ts';
import { readColour } from './read-colour.ts';

type Look = 'light' | 'dark';
type Read = (name: string) => string;

/** Every colour the tokens could give in one look, first found first, the widget's own last. */
function candidates(look: Look, read: Read, pageText: Candidate | null): Record<ColourToken, Candidate[]> {
  const prefix = look === 'dark' ? 'dark-' : '';
  const palette = look === 'dark' ? DARK_PALETTE : LIGHT_PALETTE;
  const colour = (value: string) =>
    /^currentcolor$/i.test(value) ? (pageText?.rgba ?? null) : readColour(value);
  const entries = COLOUR_TOKENS.map((token): [ColourToken, Candidate[]] => {
    const list: Candidate[] = [];
    const page = read(`--cb-${prefix}${token}`);
    if (page) list.push({ value: page, source: 'page', name: `--cb-${prefix}${token}`, rgba: colour(page) });
    const clinic = read(`--_clinic-${prefix}${token}`);
    if (clinic)
      list.push({
        value: clinic,
        source: 'clinic',
        name: `the clinic's ${prefix}${token}`,
        rgba: colour(clinic),
      });
    if (token === 'color-text' && pageText) list.push(pageText);
    list.push({
      value: palette[token],
      source: 'built-in',
      name: `the built-in ${prefix}${token}`,
      rgba: readColour(palette[token]),
    });
    return [token, list];
  });
  return Object.fromEntries(entries) as Record<ColourToken, Candidate[]>;
}

function label(c: Candidate): string {
  return c.source === 'page text' ? c.name : `${c.name} (${c.value})`;
}

/** What the page paints behind the widget: the nearest backgrounds up the tree, over white. */
function backdropOf(host: HTMLElement): Rgb {
  const layers: Array<[number, number, number, number]> = [];
  let node: Element | null = host.parentElement ?? (host.getRootNode() as ShadowRoot).host ?? null;
  while (node) {
    const colour = readColour(getComputedStyle(node).backgroundColor);
    if (colour && colour[3] > 0) layers.push(colour);
    if (colour?.[3] === 1) break;
    node = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host || null);
  }
  return layers.reduceRight<Rgb>((below, layer) => over(layer, below), [255, 255, 255]);
}

export class LookGuard implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  #sheet: CSSStyleSheet | null = null;
  #inline: string[] = [];
  #key = '';
  #media: MediaQueryList | null = null;
  readonly #warned = new Set<string>();
  readonly #recheck = () => this.check();

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#media = matchMedia('(prefers-color-scheme: dark)');
    this.#media.addEventListener('change', this.#recheck);
  }

  hostDisconnected(): void {
    this.#media?.removeEventListener('change', this.#recheck);
  }

  hostUpdated(): void {
    this.check();
  }

  /** Reads the resolved colours and overrides the unreadable ones; cheap when nothing changed. */
  check(): void {
    const host = this.#host;
    if (!host.shadowRoot) return;
    const style = getComputedStyle(host);
    const read: Read = (name) => style.getPropertyValue(name).trim();
    const theme = host.getAttribute('theme');
    const chosenLook: Look | null =
      theme === 'light' || theme === 'dark'
        ? theme
        : theme === 'auto'
          ? this.#media?.matches
            ? 'dark'
            : 'light'
          : null;
    const names = COLOUR_TOKENS.flatMap((t) => [
      `--cb-${t}`,
      `--cb-dark-${t}`,
      `--_clinic-${t}`,
      `--_clinic-dark-${t}`,
    ]);
    const key = JSON.stringify([chosenLook, style.color, names.map(read)]);
    if (key === this.#key) return;
    this.#key = key;

    const pageText: Candidate | null = chosenLook
      ? null
      : {
          value: 'currentColor',
          source: 'page text',
          name: `the page’s text colour, ${style.color},`,
          rgba: readColour(style.color),
        };
    const settle = (look: Look) => {
      const options = candidates(look, read, pageText);
      const translucent = options['color-surface'].some((c) => c.rgba && c.rgba[3] < 1);
      return { look, options, settled: settleColours(options, translucent ? backdropOf(host) : undefined) };
    };
    let result = settle(chosenLook ?? 'light');
    const refusesPageText = (s: Settled) => s.refused.some((r) => r.refused.source === 'page text');
    if (!chosenLook && refusesPageText(result.settled)) {
      // Light text on a dark site: the dark look keeps the page's colour readable.
      const dark = settle('dark');
      if (!refusesPageText(dark.settled)) result = dark;
    }
    const { look, options, settled } = result;
    const asCssGives =
      (chosenLook ?? 'light') === look && COLOUR_TOKENS.every((t) => settled.chosen[t] === options[t][0]);
    this.#write(
      asCssGives
        ? new Map<string, string>()
        : new Map([
            ...COLOUR_TOKENS.map((t): [string, string] => [PRIVATE_COLOUR[t], settled.chosen[t].value]),
            ...(look === 'dark' && !chosenLook ? [['color-scheme', 'dark'] as [string, string]] : []),
          ]),
    );
    this.#warn(look, settled, read);
  }

  #warn(look: Look, settled: Settled, read: Read) {
    const who = `<clinic-booking clinic="${this.#host.getAttribute('clinic') ?? ''}">`;
    const messages = settled.refused
      .filter((r) => r.refused.source !== 'built-in')
      .map(
        (r) =>
          `${who}: ${label(r.refused)} against ${label(r.against)} is ` +
          `${r.ratio === null ? 'not a colour it can read' : `${r.ratio.toFixed(2)}:1`} in the ${look} look; ` +
          `${r.use} need ${r.minimum}:1, so the widget uses ${settled.chosen[r.token].value} instead. ` +
          `See "Contrast" in docs/theming.md.`,
      );
    if (look === 'dark') {
      const unused = COLOUR_TOKENS.filter((t) => read(`--cb-${t}`) && !read(`--cb-dark-${t}`));
      if (unused.length)
        messages.push(
          `${who}: the dark look does not use ${unused.map((t) => `--cb-${t}`).join(', ')}; ` +
            `set ${unused.map((t) => `--cb-dark-${t}`).join(', ')} for it.`,
        );
    }
    for (const message of messages) {
      if (this.#warned.has(message)) continue;
      this.#warned.add(message);
      console.warn(message);
    }
  }

  /** Puts the overrides in a stylesheet adopted after the component's (or on the host's style). */
  #write(properties: Map<string, string>) {
    const root = this.#host.shadowRoot!;
    if (supportsAdoptingStyleSheets) {
      if (!this.#sheet) {
        if (!properties.size) return;
        this.#sheet = new CSSStyleSheet();
        root.adoptedStyleSheets = [...root.adoptedStyleSheets, this.#sheet];
      }
      this.#sheet.replaceSync(':host {}');
      const rule = (this.#sheet.cssRules[0] as CSSStyleRule).style;
      for (const [name, value] of properties) rule.setProperty(name, value, 'important');
      return;
    }
    for (const name of this.#inline) this.#host.style.removeProperty(name);
    for (const [name, value] of properties) this.#host.style.setProperty(name, value, 'important');
    this.#inline = [...properties.keys()];
  }
}
