/**
 * A real HTTP receiver on loopback for webhook tests: verifies every request with the
 * `standardwebhooks` library (as a clinic's CRM relay would), records it, and answers with
 * the status the test chooses for each attempt.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  id: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** True when the signature verified with the receiver's secret. */
  verified: boolean;
  /** The status the receiver answered. */
  status: number;
}

export interface WebhookReceiver {
  url: string;
  secret: string;
  received: ReceivedWebhook[];
  /** The ids the receiver accepted (answered 2xx) with a valid signature, one entry per acceptance. */
  accepted(): string[];
  close(): Promise<void>;
}

/** A fresh Standard Webhooks secret. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * @param answer the status for the n-th request (0-based) and its headers; 200 by default
 */
export async function startWebhookReceiver(
  answer: (n: number) => { status: number; headers?: Record<string, string> } = () => ({ status: 200 }),
  path = '/hooks/crm',
): Promise<WebhookReceiver> {
  const secret = newWebhookSecret();
  const verifier = new Webhook(secret);
  const received: ReceivedWebhook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let verified: boolean;
      try {
        verifier.verify(body, req.headers as Record<string, string>);
        verified = true;
      } catch {
        verified = false;
      }
      const { status, headers } = answer(received.length);
      received.push({ id: String(req.headers['webhook-id']), headers: req.headers, body, verified, status });
      res.writeHead(verified ? status : 401, headers).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    secret,
    received,
    accepted: () => received.filter((r) => r.verified && r.status >= 200 && r.status < 300).map((r) => r.id),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
