/**
 * Built capacity, reused for the clinic's `capacity.refreshSeconds` (five minutes by
 * default): a dashboard refreshing every minute, several owners looking at once and the
 * alert checks all share one build, and concurrent requests for the same window share one
 * build in flight. A failed build is not kept; the next request tries again.
 */
import { DEFAULT_REFRESH_SECONDS } from './capacity-config.ts';
import type { CapacityClinic } from './capacity-reads.ts';
import { buildLocationCapacity, type CapacityWindow, type LocationCapacity } from './location-capacity.ts';

/** Windows kept at most; expired ones are swept first, then the oldest. */
const MAX_ENTRIES = 500;

export interface Snapshot {
  capacity: LocationCapacity;
  /** Epoch ms after which the next request builds again. */
  expiresAt: number;
}

export interface CapacitySnapshotsOptions {
  now: () => Date;
  /** Builds one location's capacity; the real builder unless a test measures around it. */
  build?: typeof buildLocationCapacity;
}

interface Entry {
  snapshot: Promise<Snapshot>;
  expiresAt: number;
}

export class CapacitySnapshots {
  readonly #now: () => Date;
  readonly #build: typeof buildLocationCapacity;
  readonly #entries = new Map<string, Entry>();

  constructor(options: CapacitySnapshotsOptions) {
    this.#now = options.now;
    this.#build = options.build ?? buildLocationCapacity;
  }

  /** The clinic's capacity over the window, built now or reused while fresh. */
  get(clinic: CapacityClinic, window: CapacityWindow): Promise<Snapshot> {
    const key = `${clinic.config.id}|${window.fromDate}|${window.toDate}`;
    const now = this.#now();
    const cached = this.#entries.get(key);
    if (cached && cached.expiresAt > now.getTime()) return cached.snapshot;
    const ttlMs = (clinic.config.capacity?.refreshSeconds ?? DEFAULT_REFRESH_SECONDS) * 1000;
    const expiresAt = now.getTime() + ttlMs;
    const snapshot = this.#build(clinic, window, now).then((capacity) => ({ capacity, expiresAt }));
    const entry = { snapshot, expiresAt };
    this.#entries.set(key, entry);
    snapshot.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    this.#sweep(now.getTime());
    return snapshot;
  }

  #sweep(now: number) {
    for (const [key, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(key);
    while (this.#entries.size > MAX_ENTRIES) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }
}
