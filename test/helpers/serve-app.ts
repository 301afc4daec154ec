/**
 * Serves a proxy app over real HTTP on a free loopback port, with the connection's address
 * available as the Node entry provides it, for tests that need real sockets (concurrency,
 * restarts between a booking and its retry).
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';

export interface ServedApp {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  close(): Promise<void>;
}

export async function serveApp(app: {
  fetch: (request: Request) => Response | Promise<Response>;
}): Promise<ServedApp> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        origin: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
  });
}
