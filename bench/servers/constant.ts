/** The ceiling: the same Hono and Node server answering a constant JSON body. */
import { Hono } from 'hono';
import { listen } from './listen.ts';

const body = { ok: true };
listen(new Hono().get('*', (c) => c.json(body)).fetch);
