/**
 * FHIR plumbing for the fake Halaxy: OperationOutcome errors, searchset Bundles with
 * Halaxy's paging (`_count`, `page`, absolute `link[relation=next]`) and the stray
 * `OperationOutcome` warnings Halaxy mixes into search results, and search-parameter
 * parsing that behaves like a real server's (a raw `+` in a query value is a space).
 */

import { jsonText } from '../json-text.ts';

/** Halaxy's default and largest page sizes (third-party listing: 1–100, default 30). */
export const DEFAULT_PAGE_SIZE = 30;
export const MAX_PAGE_SIZE = 100;

export type Json = Record<string, unknown>;

export function outcome(
  status: number,
  code: string,
  diagnostics: string,
  headers: Record<string, string> = {},
): Response {
  return Response.json(
    {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code, diagnostics, details: { text: diagnostics } }],
    },
    { status, headers },
  );
}

export function resource(body: Json, status = 200): Response {
  return Response.json(body, { status, headers: { 'Content-Type': 'application/fhir+json' } });
}

export interface BundleOptions {
  defaultPageSize?: number;
  /** Put a warning `OperationOutcome` entry on every page, as Halaxy sometimes does. */
  strayOutcome?: boolean;
}

/** One page of `resources` as a searchset Bundle, with `next` when more remain. */
export function searchset(url: URL, base: string, resources: Json[], options: BundleOptions = {}): Response {
  const requested = Number(url.searchParams.get('_count') ?? options.defaultPageSize ?? DEFAULT_PAGE_SIZE);
  const size = Math.min(
    MAX_PAGE_SIZE,
    Math.max(1, Number.isFinite(requested) ? requested : DEFAULT_PAGE_SIZE),
  );
  const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
  const slice = resources.slice((page - 1) * size, page * size);
  const linkTo = (n: number) => {
    const params = new URLSearchParams(url.searchParams);
    params.set('page', String(n));
    params.set('_count', String(size));
    return `${base}${url.pathname.slice(new URL(base).pathname.length)}?${params}`;
  };
  const entry: Json[] = slice.map((r) => ({
    fullUrl: `${base}/${jsonText(r.resourceType)}/${jsonText(r.id)}`,
    resource: r,
    search: { mode: 'match' },
  }));
  if (options.strayOutcome !== false) {
    entry.splice(Math.min(1, entry.length), 0, {
      resource: {
        resourceType: 'OperationOutcome',
        issue: [
          {
            severity: 'warning',
            code: 'informational',
            diagnostics: 'Some results may be hidden by the API key’s permissions.',
          },
        ],
      },
      search: { mode: 'outcome' },
    });
  }
  const link = [{ relation: 'self', url: linkTo(page) }];
  if (page * size < resources.length) link.push({ relation: 'next', url: linkTo(page + 1) });
  return resource({ resourceType: 'Bundle', type: 'searchset', total: resources.length, link, entry });
}

/** A FHIR date search value: `ge2026-11-24T00:00:00+11:00` → prefix and instant. */
export function parseDateParam(value: string): { prefix: string; at: number } | null {
  const match =
    /^(eq|ne|gt|lt|ge|le)?(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))$/.exec(
      value,
    );
  if (!match) return null;
  const at = Date.parse(match[2]!);
  return Number.isNaN(at) ? null : { prefix: match[1] ?? 'eq', at };
}

export function matchesDate(instant: number, filter: { prefix: string; at: number }): boolean {
  switch (filter.prefix) {
    case 'gt':
      return instant > filter.at;
    case 'ge':
      return instant >= filter.at;
    case 'lt':
      return instant < filter.at;
    case 'le':
      return instant <= filter.at;
    case 'ne':
      return instant !== filter.at;
    default:
      return instant === filter.at;
  }
}

/** The id in a reference (`https://…/main/Patient/1`, `/main/Patient/1`, `Patient/1`) of `type`. */
export function idIn(reference: unknown, type: string): string | null {
  if (typeof reference !== 'string') return null;
  const parts = reference.split('/').filter(Boolean);
  return parts.at(-2) === type ? (parts.at(-1) ?? null) : null;
}

/**
 * A reference search parameter as Halaxy takes it: `Type/id`. A bare id is refused with
 * 422, as Halaxy does for polymorphic parameters.
 */
export function typedParam(url: URL, name: string, type: string): { id: string | null } | Response {
  const value = url.searchParams.get(name);
  if (value === null) return { id: null };
  const id = idIn(value, type);
  if (!id) return outcome(422, 'invalid', `The ${name} parameter needs the form ${type}/{id}.`);
  return { id };
}
