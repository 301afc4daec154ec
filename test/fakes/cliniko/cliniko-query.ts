/**
 * Cliniko's list conventions for the fake (reference §3): `q[]=field:<op><value>` filters
 * with the operators each field type allows, and pages (`per_page` 1–100, default 50;
 * `page` from 1) with `total_entries` and absolute `links` on Cliniko's own host.
 * A filter on a field an endpoint does not list, or with an operator or value its type
 * does not take, is a 400: the fake is stricter than "ignored", so a mistake shows.
 */

import { jsonText } from '../json-text.ts';

export type Json = Record<string, unknown>;

export type FieldType = 'id' | 'datetime' | 'date' | 'string' | 'bool' | 'array';

export interface Filter {
  field: string;
  op: string;
  value: string;
}

const OPERATORS: Record<FieldType, string[]> = {
  id: ['=', '!=', '>=', '>', '<=', '<', '?', '!?'],
  datetime: ['>=', '>', '<=', '<', '?', '!?', '*'],
  date: ['=', '>=', '>', '<=', '<', '?', '!?'],
  string: ['=', '!=', '~', '~~', '?', '!?'],
  bool: ['=', '!='],
  array: ['~'],
};
const UTC_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const DATE = /^(\d{4}|\*{4})-(\d{2}|\*{2})-(\d{2}|\*{2})$/;

export function badRequest(message: string): Response {
  return Response.json({ message }, { status: 400 });
}

/** The request's filters, or a 400 naming the first bad one. */
export function parseFilters(url: URL, allowed: Record<string, FieldType>): Filter[] | Response {
  const filters: Filter[] = [];
  for (const raw of url.searchParams.getAll('q[]')) {
    const colon = raw.indexOf(':');
    const field = colon > 0 ? raw.slice(0, colon) : '';
    const type = allowed[field];
    if (!type) return badRequest(`Unknown filter field: ${field || raw}`);
    const match = /^(>=|<=|!=|!\?|~~|=|>|<|~|\?|\*)(.*)$/s.exec(raw.slice(colon + 1));
    if (!match || !OPERATORS[type].includes(match[1]!)) return badRequest(`Invalid operator for ${field}`);
    const [, op, value = ''] = match;
    const needsValue = !['?', '!?', '*'].includes(op!);
    if (needsValue && !valueFits(type, op!, value)) return badRequest(`Invalid value for ${field}`);
    filters.push({ field, op: op!, value });
  }
  return filters;
}

function valueFits(type: FieldType, op: string, value: string): boolean {
  switch (type) {
    case 'id':
      return op === '=' ? /^\d+(,\d+)*$/.test(value) : /^\d+$/.test(value);
    case 'datetime':
      return UTC_DATETIME.test(value);
    case 'date':
      return DATE.test(value);
    case 'bool':
      return value === 'true' || value === 'false';
    default:
      return value.length > 0;
  }
}

/** Whether a record's field value passes a filter. Strings compare case-sensitively (assumption C4's unfavourable side). */
export function passes(value: unknown, filter: Filter, type: FieldType): boolean {
  const { op } = filter;
  if (op === '*') return true;
  if (op === '?') return value !== null && value !== undefined;
  if (op === '!?') return value === null || value === undefined;
  if (value === null || value === undefined) return false;
  switch (type) {
    case 'id': {
      const v = jsonText(value);
      if (op === '=') return filter.value.split(',').includes(v);
      if (op === '!=') return v !== filter.value;
      return compare(compareIds(v, filter.value), op);
    }
    case 'datetime':
      return compare(Date.parse(jsonText(value)) - Date.parse(filter.value), op);
    case 'date': {
      const v = jsonText(value);
      if (filter.value.includes('*'))
        return op === '=' && new RegExp(`^${filter.value.replace(/\*/g, '\\d')}$`).test(v);
      return op === '=' ? v === filter.value : compare(v < filter.value ? -1 : v > filter.value ? 1 : 0, op);
    }
    case 'string': {
      const v = jsonText(value);
      if (op === '=') return v === filter.value;
      if (op === '!=') return v !== filter.value;
      if (op === '~') return v.includes(filter.value);
      const pattern = filter.value
        .split('%')
        .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*');
      return new RegExp(`^${pattern}$`, 's').test(v);
    }
    case 'bool':
      return (jsonText(value) === filter.value) === (op === '=');
    case 'array':
      return Array.isArray(value) && value.map(String).includes(filter.value);
  }
}

function compare(diff: number, op: string): boolean {
  if (op === '>=') return diff >= 0;
  if (op === '>') return diff > 0;
  if (op === '<=') return diff <= 0;
  if (op === '<') return diff < 0;
  return false;
}

function compareIds(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Keeps the records that pass every filter. Fields in `hiddenUnlessFiltered` (e.g.
 * `archived_at`, `cancelled_at`) hide records where they are set, unless the request
 * filters on that field itself, as Cliniko's lists do.
 */
export function applyFilters<T>(
  records: T[],
  filters: Filter[],
  allowed: Record<string, FieldType>,
  valueOf: (record: T, field: string) => unknown,
  hiddenUnlessFiltered: string[] = [],
): T[] {
  const hidden = hiddenUnlessFiltered.filter((field) => !filters.some((f) => f.field === field));
  return records.filter(
    (r) =>
      hidden.every((field) => valueOf(r, field) === null || valueOf(r, field) === undefined) &&
      filters.every((f) => passes(valueOf(r, f.field), f, allowed[f.field]!)),
  );
}

/** One page of `items` under `key`, with `total_entries` and absolute `links`; a 400 for a bad `per_page` or `page`. */
export function listPage(url: URL, key: string, items: Json[]): Response {
  const perPageParam = url.searchParams.get('per_page');
  const pageParam = url.searchParams.get('page');
  const perPage = perPageParam === null ? 50 : Number(perPageParam);
  const page = pageParam === null ? 1 : Number(pageParam);
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100)
    return badRequest('per_page must be between 1 and 100.');
  if (!Number.isInteger(page) || page < 1) return badRequest('page must be 1 or more.');
  const linkTo = (n: number) => {
    const link = new URL(url);
    link.searchParams.set('page', String(n));
    return link.toString();
  };
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  return Response.json({
    [key]: items.slice((page - 1) * perPage, page * perPage),
    total_entries: items.length,
    links: {
      self: linkTo(page),
      ...(page > 1 ? { previous: linkTo(page - 1) } : {}),
      ...(page < pages ? { next: linkTo(page + 1) } : {}),
    },
  });
}

/** `{"message":"Validation Failed","errors":{…}}` with 422, Cliniko's validation error. */
export function validationFailed(errors: Record<string, string>): Response {
  return Response.json({ message: 'Validation Failed', errors }, { status: 422 });
}

/** Cliniko's 404: sometimes an empty body, sometimes this JSON (issues #173, #303). */
export function notFound(empty = false): Response {
  return empty
    ? new Response(null, { status: 404 })
    : Response.json({ status: '404', error: 'Not Found' }, { status: 404 });
}
