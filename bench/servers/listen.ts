/**
 * Serves a fetch handler on a free loopback port and prints `listening <port>` for the
 * bench runner, which starts each server in its own process so the load generator does not
 * share its event loop.
 */
import { serve } from '@hono/node-server';

export function listen(fetch: (request: Request) => Response | Promise<Response>): void {
  serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(`listening ${info.port}`));
}
