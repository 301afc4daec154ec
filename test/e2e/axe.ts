/**
 * axe in a Playwright page, injected through DevTools (so the page's own CSP does not refuse it):
 * its violations as one line each, `rule: targets`, empty when it finds nothing.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.0 to 2.2 A and AA, and axe's best practices. */
export const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa', 'best-practice'];

interface AxeResult {
  violations: Array<{ id: string; nodes: Array<{ target: unknown }> }>;
}

/**
 * Runs axe on `within` (a selector; default the first `<clinic-booking>`, shadow DOM included) or,
 * with `within: null`, on the whole document; `tags` limits it to those rules' tags.
 */
export async function axeViolations(
  page: Page,
  options: { within?: string | null; tags?: string[] } = {},
): Promise<string[]> {
  await page.evaluate(axeSource);
  const within = options.within === undefined ? 'clinic-booking' : options.within;
  return page.evaluate(
    async ({ within, tags }) => {
      const axe = (
        window as unknown as { axe: { run(context: unknown, options?: unknown): Promise<AxeResult> } }
      ).axe;
      const context = within === null ? document : document.querySelector(within)!;
      const { violations } = await axe.run(context, tags ? { runOnly: { type: 'tag', values: tags } } : {});
      return violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
    },
    { within, tags: options.tags ?? null },
  );
}
