/**
 * Who is calling: the client's IP address, for per-client rate limits and for Turnstile's
 * `remoteip`.
 *
 * The address comes from the connection (the Node entry passes it in; the app itself stays
 * runtime-agnostic). Only when the operator says the proxy sits behind a reverse proxy or
 * CDN (`TRUSTED_PROXY_HEADER`) is a forwarding header read, and then only the entry that
 * trusted proxy wrote: for `X-Forwarded-For` the one `hops` from the right, never the
 * left-most, which the client controls.
 */
import { z } from 'zod';

/**
 * What a client's address is read from: the runtime's bindings (on Node, the connection) and
 * the request's headers. A Hono `Context` is one; so is the kept-answer path's request
 * (`http/kept-answers.ts`), which answers before Hono makes a context.
 */
export interface AddressedRequest {
  /** The runtime's bindings: on Node, `{ incoming, outgoing }` (`HttpBindings`). */
  readonly env: unknown;
  readonly req: { header(name: string): string | undefined };
}

/** Reads the connection's remote address; `undefined` when the runtime does not know it. */
export type ConnectionAddress = (c: AddressedRequest) => string | undefined;

/** A reverse proxy or CDN in front of this proxy, whose forwarding header may be believed. */
export interface TrustedProxy {
  /** The header it sets, e.g. `X-Forwarded-For`, `CF-Connecting-IP` or `X-Real-IP`. */
  header: string;
  /**
   * For a list header (`X-Forwarded-For`): how many trusted proxies append to it. The client
   * is the entry this many places from the right. Default 1.
   */
  hops: number;
}

/** The key used when no address is known: every such request shares one budget. */
export const UNKNOWN_CLIENT = 'unknown';

const IPV4 = /^(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^[0-9a-f:]+(?:\d+\.\d+\.\d+\.\d+)?$/i;

/**
 * Normalises an address for use as a rate-limit key: IPv4 as is, IPv4-mapped IPv6 as IPv4,
 * other IPv6 reduced to its /64 network (one subscriber usually holds a whole /64), or
 * `null` when `value` is not an IP address.
 */
export function clientKeyOf(value: string): string | null {
  let address = value.trim();
  if (address.startsWith('['))
    address = address.slice(1, address.indexOf(']') === -1 ? undefined : address.indexOf(']'));
  const v4WithPort = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(address);
  if (v4WithPort) address = v4WithPort[1]!;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) address = mapped[1]!;
  if (IPV4.test(address)) return address;
  if (!IPV6.test(address) || !address.includes(':') || address.length > 45) return null;
  const groups = expandIpv6(address);
  return groups ? `${groups.slice(0, 4).join(':')}::/64` : null;
}

function expandIpv6(address: string): string[] | null {
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === '' ? [] : part.split(':'));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  if ([...head, ...tail].some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  return [...head, ...Array<string>(missing).fill('0'), ...tail].map((g) =>
    g.toLowerCase().replace(/^0+(?=.)/, ''),
  );
}

/**
 * Builds the function that names the client of a request: the trusted proxy's header when
 * one is configured and it holds an address, else the connection's address, else
 * {@link UNKNOWN_CLIENT}.
 */
export function clientAddressResolver(options: {
  connection?: ConnectionAddress;
  trustedProxy?: TrustedProxy;
}) {
  const { connection, trustedProxy } = options;
  return (c: AddressedRequest): string => {
    if (trustedProxy) {
      const forwarded = forwardedClient(c.req.header(trustedProxy.header), trustedProxy.hops);
      if (forwarded) return forwarded;
    }
    const direct = connection?.(c);
    return (direct && clientKeyOf(direct)) || UNKNOWN_CLIENT;
  };
}

function forwardedClient(value: string | undefined, hops: number): string | null {
  if (!value) return null;
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const entry = entries[entries.length - hops];
  return entry ? clientKeyOf(entry) : null;
}

const trustedProxyEnvSchema = z.object({
  TRUSTED_PROXY_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/, 'Name one HTTP header, e.g. X-Forwarded-For or CF-Connecting-IP.')
    .optional(),
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
});

/**
 * Reads `TRUSTED_PROXY_HEADER` (and `TRUSTED_PROXY_HOPS`) from the environment. Returns
 * `undefined` when unset: then forwarding headers are ignored. Throws with the variable
 * named when a value is unusable.
 */
export function trustedProxyFromEnv(env: Record<string, string | undefined>): TrustedProxy | undefined {
  const result = trustedProxyEnvSchema.safeParse({
    TRUSTED_PROXY_HEADER: env.TRUSTED_PROXY_HEADER || undefined,
    TRUSTED_PROXY_HOPS: env.TRUSTED_PROXY_HOPS || undefined,
  });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`${String(issue.path[0])}: ${issue.message}`);
  }
  const { TRUSTED_PROXY_HEADER: header, TRUSTED_PROXY_HOPS: hops } = result.data;
  return header ? { header, hops } : undefined;
}
