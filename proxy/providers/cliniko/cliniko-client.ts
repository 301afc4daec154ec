/**
 * Cliniko's REST API over the shared upstream client: URLs on the configured base with
 * query values encoded by `URLSearchParams` (`q[]=email:=a+b@c` travels as
 * `q%5B%5D=email%3A%3Da%2Bb%40c`), lists read 100 a page following `links.next` (moved onto
 * the configured base, so the key never goes anywhere else) with a page cap, and refusals
 * turned into `ApiError`s: a 422 into field errors when its fields are the patient's, any
 * other refusal into a friendly 502. Only status codes and Cliniko's field names reach the
 * log, never a body (it may hold patient data).
 *
 * Auth, `Accept`, `User-Agent`, timeouts, read retries, 429 waits and 401/403 are the
 * upstream client's (see `cliniko-provider.ts`).
 */
import type { z } from 'zod';
import { ApiError } from '../../http/api-error.ts';
import type { Logger } from '../../logger.ts';
import type { HttpMethod, UpstreamClient } from '../../upstream/upstream-client.ts';
import { linkOnBase } from '../../upstream/link-on-base.ts';
import { parseJsonBody, refusalError, unexpectedAnswerError } from '../../upstream/upstream-errors.ts';
import { PAGE_SIZE } from './assumptions.ts';
import { listPageSchema, validationErrorSchema } from './cliniko-types.ts';

/** Most pages one list follows; a list that needs more is cut short and logged. */
export const DEFAULT_PAGE_CAP = 20;

/** Query parameters in order; `q[]` repeats. */
export type Query = Array<[string, string]>;

/** One `q[]` filter: `field:<operator><value>`. */
export function filter(field: string, operator: string, value: string): [string, string] {
  return ['q[]', `${field}:${operator}${value}`];
}

/** Cliniko's request field → the booking request's field, for 422s the patient can fix. */
export type FieldMap = Record<string, string>;

export interface ListOptions<T> {
  /** A short name for logs, e.g. `patients.search`. */
  operation: string;
  /** The collection's key in the body, e.g. `patients`. */
  key: string;
  schema: z.ZodType<T>;
  pageCap?: number;
  signal?: AbortSignal;
  /** Read a 404 as an empty list (available times of someone not bookable online). */
  emptyOn404?: boolean;
}

interface SendOptions {
  body?: string;
  fields?: FieldMap;
  signal?: AbortSignal | undefined;
  noContent?: boolean;
}

const NOT_FOUND = Symbol('not found');

export interface ClinikoClientOptions {
  upstream: UpstreamClient;
  /** e.g. `https://api.au2.cliniko.com/v1`, no trailing slash. */
  baseUrl: string;
  logger: Logger;
  clinicId: string;
  pageCap?: number;
}

export class ClinikoClient {
  readonly #o: ClinikoClientOptions;
  readonly #base: URL;

  constructor(options: ClinikoClientOptions) {
    this.#o = options;
    this.#base = new URL(options.baseUrl);
  }

  /** Every item of a list, across pages, in Cliniko's order. Items that do not parse are skipped and counted in the log. */
  async list<T>(path: string, query: Query, options: ListOptions<T>): Promise<T[]> {
    const items: T[] = [];
    const seen = new Set<string>();
    const pageCap = options.pageCap ?? this.#o.pageCap ?? DEFAULT_PAGE_CAP;
    let url: string | null = this.url(path, [...query, ['per_page', String(PAGE_SIZE)]]);
    let skipped = 0;
    for (let page = 1; url; page += 1) {
      if (page > pageCap) {
        this.#log('warn', 'cliniko.page_cap', { operation: options.operation, pages: pageCap });
        break;
      }
      seen.add(url);
      const body = await this.#json(
        'GET',
        url,
        options.operation,
        { signal: options.signal },
        options.emptyOn404 === true,
      );
      if (body === NOT_FOUND) {
        this.#log('warn', 'cliniko.not_found_as_empty', { operation: options.operation });
        break;
      }
      const meta = listPageSchema.safeParse(body);
      const list = (body as Record<string, unknown> | null)?.[options.key];
      if (!meta.success || !Array.isArray(list)) throw this.#unexpected(options.operation, 'not_a_list');
      for (const item of list) {
        const parsed = options.schema.safeParse(item);
        if (parsed.success) items.push(parsed.data);
        else skipped += 1;
      }
      const next = meta.data.links?.next;
      url = next ? this.#onBase(next) : null;
      if (url && seen.has(url)) url = null;
    }
    if (skipped > 0)
      this.#log('warn', 'cliniko.items_skipped', { operation: options.operation, count: skipped });
    return items;
  }

  /** `GET` one resource. */
  async get<T>(
    path: string,
    query: Query,
    operation: string,
    schema: z.ZodType<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const body = await this.#json('GET', this.url(path, query), operation, { signal });
    return this.#parse(body, schema, operation);
  }

  /** `GET` one resource, or null when Cliniko answers 404 (no such resource). */
  async find<T>(path: string, operation: string, schema: z.ZodType<T>): Promise<T | null> {
    const body = await this.#json('GET', this.url(path, []), operation, {}, true);
    return body === NOT_FOUND ? null : this.#parse(body, schema, operation);
  }

  /** `POST`/`PATCH` a JSON body; answers the parsed resource. */
  async write<T>(
    method: 'POST' | 'PATCH',
    path: string,
    body: unknown,
    operation: string,
    schema: z.ZodType<T>,
    fields?: FieldMap,
  ): Promise<T> {
    const answer = await this.#json(method, this.url(path, []), operation, {
      body: JSON.stringify(body),
      ...(fields ? { fields } : {}),
    });
    return this.#parse(answer, schema, operation);
  }

  /** A write Cliniko answers with 204 and no body (cancel, archive). */
  async command(method: 'PATCH' | 'POST', path: string, body: unknown, operation: string): Promise<void> {
    await this.#json(method, this.url(path, []), operation, { body: JSON.stringify(body), noContent: true });
  }

  /** The URL of `path` on the base, with the query encoded by `URLSearchParams`. */
  url(path: string, query: Query): string {
    const search = new URLSearchParams(query).toString();
    return `${this.#o.baseUrl}/${path}${search ? `?${search}` : ''}`;
  }

  /** A `next` link on the configured base, or `null` (logged) when it points elsewhere: see `linkOnBase`. */
  #onBase(link: string): string | null {
    const onBase = linkOnBase(link, this.#base);
    if (onBase === null) this.#log('warn', 'cliniko.next_link_ignored', {});
    return onBase;
  }

  async #json(
    method: HttpMethod,
    url: string,
    operation: string,
    options: SendOptions,
    notFoundAllowed = false,
  ): Promise<unknown> {
    const { body, signal } = options;
    const response = await this.#o.upstream.send({
      method,
      url,
      operation,
      ...(body !== undefined ? { body, headers: { 'Content-Type': 'application/json' } } : {}),
      ...(signal ? { signal } : {}),
    });
    const text = await response.text();
    if (response.ok) {
      if (options.noContent) return null;
      const parsed = parseJsonBody(text);
      if (parsed === undefined) throw this.#unexpected(operation, 'not_json');
      return parsed;
    }
    if (response.status === 404 && notFoundAllowed) return NOT_FOUND;
    throw this.refusal(operation, response.status, parseJsonBody(text), options.fields);
  }

  /** The error for a refusal: field errors for a 422 on the patient's fields, else a friendly 502. */
  refusal(operation: string, status: number, body: unknown, fields?: FieldMap): ApiError {
    if (status === 422) {
      const errors = validationErrorSchema.safeParse(body);
      const names = errors.success ? Object.keys(errors.data.errors ?? {}) : [];
      this.#log('warn', 'cliniko.refused', {
        operation,
        status,
        fields: names.join(',').slice(0, 200) || 'none',
      });
      const mapped: Record<string, string> = {};
      for (const name of names) {
        const field = fields?.[name] ?? fields?.[name.split('.')[0]!];
        if (field) mapped[field] = 'The clinic’s booking system did not accept this. Please check it.';
      }
      if (Object.keys(mapped).length > 0) {
        return new ApiError(
          422,
          'validation_failed',
          'The clinic’s booking system did not accept some of your details.',
          { fields: mapped },
        );
      }
      return refusalError(status);
    }
    this.#log('warn', 'cliniko.refused', { operation, status });
    return refusalError(status);
  }

  #parse<T>(body: unknown, schema: z.ZodType<T>, operation: string): T {
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw this.#unexpected(operation, 'unexpected_resource');
    return parsed.data;
  }

  #unexpected(operation: string, outcome: string): ApiError {
    this.#log('warn', 'cliniko.unexpected_answer', { operation, outcome });
    return unexpectedAnswerError();
  }

  #log(level: 'warn' | 'error', event: string, fields: Record<string, string | number>) {
    this.#o.logger.log(level, event, { clinicId: this.#o.clinicId, ...fields });
  }
}
