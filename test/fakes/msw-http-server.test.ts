import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { http, HttpResponse } from 'msw';
import { serveHandlers } from './msw-http-server.ts';

describe('serveHandlers', () => {
  it('answers real HTTP requests with msw handlers written for the public URL', async () => {
    const server = await serveHandlers(
      [
        http.post('https://api.example.test/v1/echo', async ({ request }) =>
          HttpResponse.json(
            { got: await request.json(), ua: request.headers.get('user-agent') },
            { status: 201 },
          ),
        ),
      ],
      'https://api.example.test',
    );
    try {
      const res = await fetch(`${server.origin}/v1/echo`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'Tester (t@example.test)' },
        body: JSON.stringify({ id: '9007199254740993' }),
      });
      assert.equal(res.status, 201);
      assert.deepEqual(await res.json(), { got: { id: '9007199254740993' }, ua: 'Tester (t@example.test)' });
      const missing = await fetch(`${server.origin}/v1/nothing`);
      assert.equal(missing.status, 404);
    } finally {
      await server.close();
    }
  });
});
