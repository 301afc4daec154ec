/**
 * A clinic's `webhooks` in the clinics file: where its booking and capacity events go.
 *
 * ```json
 * "webhooks": [{ "url": "https://hooks.zapier.com/hooks/catch/1/abc/", "secret": "env:ACME_WEBHOOK_SECRET" }]
 * ```
 *
 * `url` is https; plain http only to a loopback host, and only when the proxy runs with
 * `WEBHOOKS_ALLOW_LOOPBACK=1` (development; `assertWebhooksAllowed` refuses it otherwise at
 * start-up). `secret` is a Standard Webhooks secret, `whsec_` and 24 to 64 random bytes in
 * base64; keep it in the environment (`env:NAME`). `events` limits what is sent (default all).
 */
import { z } from 'zod';

/** Every event a webhook may receive. */
export const WEBHOOK_EVENTS = [
  'booking.created',
  'booking.rescheduled',
  'booking.cancelled',
  'capacity.low',
  'capacity.recovered',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** The most webhooks one clinic may list. */
export const MAX_WEBHOOKS = 10;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True for a URL whose host is a loopback name or address. */
export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
}

const webhookUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => {
    if (!URL.canParse(value)) return false;
    const url = new URL(value);
    if (url.username || url.password) return false;
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUrl(url));
  }, 'Use an https URL without a user name or password (plain http only to localhost, in development).');

/** A Standard Webhooks secret: `whsec_` and the base64 of 24 to 64 random bytes. */
export const webhookSecretSchema = z.string().refine((value) => {
  const match = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(value);
  if (!match) return false;
  const bytes = Math.floor((match[1]!.length * 3) / 4) - (match[1]!.match(/=/g)?.length ?? 0);
  return bytes >= 24 && bytes <= 64;
}, 'Use a secret of the form whsec_ followed by 24 to 64 random bytes in base64 (keep it in the environment: "env:NAME").');

export const webhookConfigSchema = z.strictObject({
  url: webhookUrlSchema,
  secret: webhookSecretSchema,
  /** The events this webhook receives; all of them when left out. */
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length).optional(),
});

export const webhooksConfigSchema = z
  .array(webhookConfigSchema)
  .max(MAX_WEBHOOKS)
  .default([])
  .refine((hooks) => new Set(hooks.map((h) => h.url)).size === hooks.length, 'List each webhook URL once.');

export type WebhookConfig = z.output<typeof webhookConfigSchema>;

/** Whether a webhook takes an event type. */
export function wants(webhook: WebhookConfig, type: WebhookEventType): boolean {
  return webhook.events === undefined || webhook.events.includes(type);
}

/**
 * The start-up check the clinics file cannot make alone: plain-http (loopback) URLs only when
 * `allowLoopback` (`WEBHOOKS_ALLOW_LOOPBACK=1`). Returns the problems, one line each.
 */
export function webhookProblems(
  clinics: ReadonlyArray<{ id: string; webhooks: readonly WebhookConfig[] }>,
  allowLoopback: boolean,
): string[] {
  const problems: string[] = [];
  for (const clinic of clinics)
    clinic.webhooks.forEach((hook, i) => {
      const url = new URL(hook.url);
      if (isLoopbackUrl(url) && !allowLoopback)
        problems.push(
          `clinics[${clinic.id}].webhooks[${i}].url: a loopback webhook is for development only (set WEBHOOKS_ALLOW_LOOPBACK=1 there).`,
        );
    });
  return problems;
}
