/**
 * Serialised answers kept between requests, so a warm request costs little more than writing
 * a constant: the JSON bytes, an ETag made from them once, and each compressed form made
 * once, on the first request that asks for it.
 *
 * An answer is kept exactly as long as a fresh computation would give the same bytes: while
 * every piece of cached provider data it was built from is still what the cache holds (see
 * `CacheReading`: refreshed, invalidated by a booking, move or cancel, or expired, and it is
 * not) and until the instant time alone could change it (`changesAt`: the clinic's
 * midnight, or its earliest slot falling inside the notice). Errors are never kept.
 */
import type { CacheReading } from '../providers/caching-provider.ts';
import type { Compression, ContentCoding } from './compression.ts';

/** What an answer is built from, and so how long it holds. */
export interface AnswerValidity {
  readings: readonly CacheReading[];
  /** The first instant (ms) at which time alone can change the answer; `Infinity` for never. */
  changesAt: number;
}

/** A freshly built answer: the body to serialise and how long it holds. */
export interface BuiltAnswer extends AnswerValidity {
  body: unknown;
}

/** Bodies this small are sent as they are: compressing them saves nothing worth the work. */
export const MIN_COMPRESSED_BYTES = 256;

const encoder = new TextEncoder();

/** A serialised answer, its validator and its compressed forms. */
export class StoredAnswer {
  /** The JSON, as sent when no compression is accepted. */
  readonly bytes: Uint8Array;
  /** A hash of the JSON: the ETag's opaque part, the same whenever the content is. */
  readonly tag: string;
  readonly #validity: AnswerValidity;
  readonly #compressing = new Map<ContentCoding, Promise<Uint8Array>>();
  readonly #compressed = new Map<ContentCoding, Uint8Array>();

  constructor(json: string, validity: AnswerValidity) {
    this.bytes = encoder.encode(json);
    this.tag = contentTag(json);
    this.#validity = validity;
  }

  /** True while a fresh computation would still give these bytes. */
  holds(now: number): boolean {
    if (now >= this.#validity.changesAt) return false;
    for (const reading of this.#validity.readings) if (!reading.current(now)) return false;
    return true;
  }

  /** True when the answer is big enough to be sent compressed to a client that accepts it. */
  compressible(): boolean {
    return this.bytes.byteLength >= MIN_COMPRESSED_BYTES;
  }

  /** The compressed form if it has been made, else `undefined`. */
  compressedIfReady(coding: ContentCoding): Uint8Array | undefined {
    return this.#compressed.get(coding);
  }

  /** The compressed form, made on first call and kept. */
  compressed(coding: ContentCoding, compression: Compression): Promise<Uint8Array> {
    let pending = this.#compressing.get(coding);
    if (!pending) {
      pending = compression.compress(coding, this.bytes).then((bytes) => {
        this.#compressed.set(coding, bytes);
        return bytes;
      });
      this.#compressing.set(coding, pending);
      pending.catch(() => {
        if (this.#compressing.get(coding) === pending) this.#compressing.delete(coding);
      });
    }
    return pending;
  }
}

export interface AnswerCacheOptions {
  now: () => number;
  /** Most answers kept (the oldest go first); default 2,000. */
  maxEntries?: number;
  /** Most bytes of JSON kept; default 32 MB. */
  maxBytes?: number;
}

/** Answers by request (path and query), for one app. */
export class AnswerCache {
  readonly #now: () => number;
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  readonly #entries = new Map<string, StoredAnswer>();
  readonly #building = new Map<string, Promise<StoredAnswer>>();
  #bytes = 0;

  constructor(options: AnswerCacheOptions) {
    this.#now = options.now;
    this.#maxEntries = options.maxEntries ?? 2000;
    this.#maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
  }

  /**
   * The answer for `key`: the kept one while it holds, else built by `build`. Requests that
   * arrive while it is being built share the build when what it was built from still holds
   * once it is done, and build their own otherwise.
   */
  async answer(key: string, build: () => Promise<BuiltAnswer>): Promise<StoredAnswer> {
    const kept = this.#entries.get(key);
    if (kept) {
      if (kept.holds(this.#now())) return kept;
      this.#forget(key, kept);
    }
    const pending = this.#building.get(key);
    if (pending) {
      const shared = await pending;
      if (shared.holds(this.#now())) return shared;
    }
    return this.#build(key, build);
  }

  /** The kept answer for `key` while it holds, without building: the synchronous fast path. */
  kept(key: string): StoredAnswer | undefined {
    const kept = this.#entries.get(key);
    return kept?.holds(this.#now()) ? kept : undefined;
  }

  async #build(key: string, build: () => Promise<BuiltAnswer>): Promise<StoredAnswer> {
    const pending = build().then(({ body, ...validity }) => new StoredAnswer(JSON.stringify(body), validity));
    this.#building.set(key, pending);
    try {
      const answer = await pending;
      if (answer.holds(this.#now())) this.#keep(key, answer);
      return answer;
    } finally {
      if (this.#building.get(key) === pending) this.#building.delete(key);
    }
  }

  #keep(key: string, answer: StoredAnswer) {
    const old = this.#entries.get(key);
    if (old) this.#forget(key, old);
    this.#entries.set(key, answer);
    this.#bytes += answer.bytes.byteLength;
    for (const [oldestKey, oldest] of this.#entries) {
      if (this.#entries.size <= this.#maxEntries && this.#bytes <= this.#maxBytes) break;
      this.#forget(oldestKey, oldest);
    }
  }

  #forget(key: string, answer: StoredAnswer) {
    this.#entries.delete(key);
    this.#bytes -= answer.bytes.byteLength;
  }
}

/**
 * A 64-bit hash of the answer's text, as 16 hex digits: two independent 32-bit lanes
 * (the public-domain cyrb53 mixing). Not cryptographic; an ETag only has to tell one
 * version of the same answer from the next.
 */
export function contentTag(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
