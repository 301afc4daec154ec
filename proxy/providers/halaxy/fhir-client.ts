/**
 * Halaxy's FHIR API over the shared upstream client: the right headers, query values
 * encoded with `URLSearchParams` (so a `+` in an email or a UTC offset travels as `%2B`),
 * Bundle paging through `link[relation=next]` with a page cap, search entries filtered by
 * `resourceType` (Halaxy mixes `OperationOutcome` warnings into results), and
 * `OperationOutcome` errors turned into `ApiError`s with messages a patient can act on.
 *
 * The upstream client already handles timeouts, read retries, 429s, 5xx and 401 (with one
 * token refresh); this layer adds the one expiry signal it cannot see: an
 * `OperationOutcome` with issue code `expired` on another status.
 */
import type { z } from 'zod';
import { ApiError } from '../../http/api-error.ts';
import type { Logger } from '../../logger.ts';
import type { UpstreamClient, UpstreamRequest } from '../../upstream/upstream-client.ts';
import { linkOnBase } from '../../upstream/link-on-base.ts';
import { parseJsonBody, refusalError, unexpectedAnswerError } from '../../upstream/upstream-errors.ts';
import { bundleSchema, operationOutcomeSchema, type OperationOutcome } from './fhir-types.ts';
import type { HalaxyTokenManager } from './token-manager.ts';

/** Most pages one search follows; a search that needs more is cut short and logged. */
export const DEFAULT_PAGE_CAP = 20;

export type SearchParams = Record<string, string | string[] | undefined>;

/** Turns an upstream refusal into the error the patient sees, or null for the default. */
export type RefusalMapper = (status: number, outcome: OperationOutcome | null) => ApiError | null;

export interface FhirClientOptions {
  upstream: UpstreamClient;
  /** e.g. `https://au-api.halaxy.com/main`, no trailing slash. */
  baseUrl: string;
  tokens: HalaxyTokenManager;
  logger: Logger;
  clinicId: string;
  pageCap?: number;
}

export interface SearchOptions<T> {
  /** A short name for logs, e.g. `patients.search`. */
  operation: string;
  /** Entry types to keep; everything else (stray `OperationOutcome`s) is dropped. */
  resourceTypes: readonly string[];
  schema: z.ZodType<T>;
  pageCap?: number;
}

export interface WriteOptions<T> {
  operation: string;
  schema: z.ZodType<T>;
  refusal?: RefusalMapper;
}

export class FhirClient {
  readonly #o: FhirClientOptions;
  readonly #base: URL;

  constructor(options: FhirClientOptions) {
    this.#o = options;
    this.#base = new URL(options.baseUrl);
  }

  get baseUrl(): string {
    return this.#o.baseUrl;
  }

  /** All matching resources across pages, in Halaxy's order. */
  async search<T>(path: string, params: SearchParams, options: SearchOptions<T>): Promise<T[]> {
    const results: T[] = [];
    const seen = new Set<string>();
    const pageCap = options.pageCap ?? this.#o.pageCap ?? DEFAULT_PAGE_CAP;
    let url: string | null = this.url(path, params);
    let skipped = 0;
    for (let page = 1; url; page += 1) {
      if (page > pageCap) {
        this.#log('warn', 'halaxy.page_cap', { operation: options.operation, pages: pageCap });
        break;
      }
      seen.add(url);
      const body = await this.#json({ method: 'GET', url, operation: options.operation });
      const bundle = bundleSchema.safeParse(body);
      if (!bundle.success) throw this.#unexpected(options.operation, 'not_a_bundle');
      for (const entry of bundle.data.entry ?? []) {
        const resource = entry.resource as { resourceType?: unknown } | undefined;
        if (!resource || !options.resourceTypes.includes(String(resource.resourceType))) continue;
        const parsed = options.schema.safeParse(resource);
        if (parsed.success) results.push(parsed.data);
        else skipped += 1;
      }
      const next = bundle.data.link?.find((link) => link.relation === 'next')?.url;
      url = next ? this.#onBase(next) : null;
      if (url && seen.has(url)) url = null;
    }
    if (skipped > 0)
      this.#log('warn', 'halaxy.entries_skipped', { operation: options.operation, count: skipped });
    return results;
  }

  /** `POST {base}/{path}` with a JSON resource; answers the parsed resource Halaxy returns. */
  async post<T>(path: string, resource: unknown, options: WriteOptions<T>): Promise<T> {
    const body = await this.#json(
      {
        method: 'POST',
        url: this.url(path, {}),
        operation: options.operation,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(resource),
      },
      options.refusal,
    );
    const parsed = options.schema.safeParse(body);
    if (!parsed.success) throw this.#unexpected(options.operation, 'unexpected_resource');
    return parsed.data;
  }

  /** `GET {base}/{path}`: one resource, or null when Halaxy answers 404 (no such resource). */
  async read<T>(path: string, options: WriteOptions<T>): Promise<T | null> {
    let missing = false;
    const body = await this.#json(
      { method: 'GET', url: this.url(path, {}), operation: options.operation },
      (status) => {
        if (status !== 404) return null;
        missing = true;
        return new ApiError(404, 'not_found', 'Not found.');
      },
    ).catch((error: unknown) => {
      if (missing) return null;
      throw error;
    });
    if (body === null) return null;
    const parsed = options.schema.safeParse(body);
    if (!parsed.success) throw this.#unexpected(options.operation, 'unexpected_resource');
    return parsed.data;
  }

  /** `PATCH {base}/{path}` with a JSON merge patch (RFC 7396); answers the patched resource. */
  async patch<T>(path: string, patch: unknown, options: WriteOptions<T>): Promise<T> {
    const body = await this.#json(
      {
        method: 'PATCH',
        url: this.url(path, {}),
        operation: options.operation,
        headers: { 'Content-Type': 'application/merge-patch+json' },
        body: JSON.stringify(patch),
      },
      options.refusal,
    );
    const parsed = options.schema.safeParse(body);
    if (!parsed.success) throw this.#unexpected(options.operation, 'unexpected_resource');
    return parsed.data;
  }

  /** The URL of `path` on the base, with query values encoded by `URLSearchParams`. */
  url(path: string, params: SearchParams): string {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) query.append(name, item);
    }
    const search = query.toString();
    return `${this.#o.baseUrl}/${path}${search ? `?${search}` : ''}`;
  }

  /** A `next` link on the configured base, or `null` (logged) when it points elsewhere: see `linkOnBase`. */
  #onBase(link: string): string | null {
    const onBase = linkOnBase(link, this.#base);
    if (onBase === null) this.#log('warn', 'halaxy.next_link_ignored', {});
    return onBase;
  }

  async #json(request: UpstreamRequest, refusal?: RefusalMapper): Promise<unknown> {
    let renewed = false;
    for (;;) {
      const response = await this.#o.upstream.send(request);
      const text = await response.text();
      const body = parseJsonBody(text);
      if (response.ok) {
        if (body === undefined) throw this.#unexpected(request.operation, 'not_json');
        return body;
      }
      const outcome = readOutcome(body);
      this.#log('warn', 'halaxy.refused', {
        operation: request.operation,
        status: response.status,
        issues: outcome?.issue.map((issue) => issue.code ?? '?').join(',') ?? 'none',
      });
      if (!renewed && outcome?.issue.some((issue) => issue.code === 'expired')) {
        // An expired token reported on a status the upstream client does not renew on.
        renewed = true;
        this.#o.tokens.invalidate(undefined);
        continue;
      }
      throw refusal?.(response.status, outcome) ?? refusalError(response.status);
    }
  }

  #unexpected(operation: string, outcome: string): ApiError {
    this.#log('warn', 'halaxy.unexpected_answer', { operation, outcome });
    return unexpectedAnswerError();
  }

  #log(level: 'warn' | 'error', event: string, fields: Record<string, string | number>) {
    this.#o.logger.log(level, event, { clinicId: this.#o.clinicId, ...fields });
  }
}

/** The OperationOutcome in an error body, or null when the body is not one. */
export function readOutcome(body: unknown): OperationOutcome | null {
  const parsed = operationOutcomeSchema.safeParse(body);
  return parsed.success ? parsed.data : null;
}
