/**
 * Serves msw request handlers over real HTTP on a free loopback port, so a fake practice
 * system (Cliniko, Halaxy) written once as msw handlers can back both in-process tests
 * (`setupServer`) and end-to-end tests, where the proxy runs as a separate process and is
 * pointed at this server with the clinic's `baseUrl`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';

export interface FakeHttpServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  close(): Promise<void>;
}

/**
 * Starts a server answering with `handlers`. Each request is rewritten to `publicOrigin`
 * first (e.g. `https://api.au1.cliniko.com`), so handlers match the real API's URLs;
 * unmatched requests get a 404 JSON body naming the path.
 */
export async function serveHandlers(
  handlers: RequestHandler[],
  publicOrigin: string,
): Promise<FakeHttpServer> {
  // The handler answers every request itself, errors included, so nothing it returns is awaited.
  const server: Server = createServer((req, res) => void answer(req, res));
  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const request = await toFetchRequest(req, publicOrigin);
      const response =
        (await getResponse(handlers, request)) ??
        Response.json({ error: `no fake for ${req.method} ${req.url}` }, { status: 404 });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: String(error) }));
    }
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

async function toFetchRequest(req: IncomingMessage, publicOrigin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  return new Request(new URL(req.url ?? '/', publicOrigin), {
    method: req.method ?? 'GET',
    headers,
    ...(body && req.method !== 'GET' && req.method !== 'HEAD' ? { body } : {}),
  });
}
