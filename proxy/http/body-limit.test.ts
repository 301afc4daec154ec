import assert from 'node:assert/strict';
import { request as httpRequest, Agent } from 'node:http';
import { describe, it } from 'node:test';
import { errorResponseSchema } from '../../shared/contract.ts';
import { createDemoProxy } from '../../test/helpers/demo-proxy.ts';
import { serveApp } from '../../test/helpers/serve-app.ts';
import { MAX_BODY_BYTES } from '../app.ts';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request over `agent`, which holds a single kept-alive connection. */
function send(agent: Agent, url: string, method: string, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        agent,
        method,
        headers: body
          ? {
              'Content-Type': 'application/json',
              'Idempotency-Key': 'key-12345678',
              'Content-Length': Buffer.byteLength(body),
            }
          : {},
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

describe('the request body limit', () => {
  it('refuses an oversized body with 413 and closes the connection, so the next request on it is answered', async () => {
    const served = await serveApp(createDemoProxy().app);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const big = await send(
        agent,
        `${served.origin}/api/clinics/demo/bookings`,
        'POST',
        JSON.stringify({ padding: 'x'.repeat(MAX_BODY_BYTES * 4) }),
      );
      assert.equal(big.status, 413);
      assert.equal(errorResponseSchema.parse(JSON.parse(big.body)).error.code, 'payload_too_large');
      assert.equal(big.headers.connection, 'close');
      for (let i = 0; i < 3; i++) {
        const next = await send(agent, `${served.origin}/healthz`, 'GET');
        assert.equal(next.status, 200);
      }
    } finally {
      agent.destroy();
      await served.close();
    }
  });

  it('keeps the connection for requests within the limit, and for GETs', async () => {
    const served = await serveApp(createDemoProxy().app);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const small = await send(agent, `${served.origin}/api/clinics/demo/bookings`, 'POST', '{}');
      assert.equal(small.status, 422);
      assert.notEqual(small.headers.connection, 'close');
      const services = await send(agent, `${served.origin}/api/clinics/demo/services`, 'GET');
      assert.equal(services.status, 200);
      assert.notEqual(services.headers.connection, 'close');
    } finally {
      agent.destroy();
      await served.close();
    }
  });
});
