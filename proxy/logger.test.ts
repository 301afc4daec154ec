import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createJsonLogger } from './logger.ts';

function capture(secrets: string[] = []) {
  const lines: string[] = [];
  const logger = createJsonLogger({
    write: (line) => lines.push(line),
    now: () => new Date(0),
    minLevel: 'debug',
    secrets,
  });
  return { logger, lines };
}

describe('the JSON logger', () => {
  it('writes one JSON object per line with the event and fields', () => {
    const { logger, lines } = capture();
    logger.log('info', 'booking.step', { requestId: 'r1', step: 'patient' });
    assert.deepEqual(JSON.parse(lines[0]!), {
      time: '1970-01-01T00:00:00.000Z',
      level: 'info',
      event: 'booking.step',
      requestId: 'r1',
      step: 'patient',
    });
  });

  it('redacts fields named like a credential or a patient detail', () => {
    const { logger, lines } = capture();
    logger.log('warn', 'oops', {
      authorization: 'Basic abc',
      apiKey: 'k',
      firstName: 'Jordan',
      email: 'j@x.com',
      phone: '0412345678',
      dateOfBirth: '1988-04-12',
      signatureSvg: 'data:…',
      requestId: 'r1',
    });
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    for (const key of [
      'authorization',
      'apiKey',
      'firstName',
      'email',
      'phone',
      'dateOfBirth',
      'signatureSvg',
    ])
      assert.equal(line[key], '[redacted]', key);
    assert.equal(line.requestId, 'r1');
  });

  it('redacts email addresses and configured secrets wherever they appear', () => {
    const { logger, lines } = capture(['MS0tY2xpbmlrby1rZXk-au1']);
    logger.log('error', 'upstream failed for MS0tY2xpbmlrby1rZXk-au1', {
      detail: 'sent to jordan.taylor@example.com with key MS0tY2xpbmlrby1rZXk-au1',
    });
    assert.ok(!lines[0]!.includes('MS0tY2xpbmlrby1rZXk-au1'));
    assert.ok(!lines[0]!.includes('jordan.taylor@example.com'));
    assert.match(lines[0]!, /\[redacted\]/);
  });

  it('drops lines below the minimum level', () => {
    const lines: string[] = [];
    createJsonLogger({ write: (line) => lines.push(line), minLevel: 'warn' }).log('info', 'quiet');
    assert.deepEqual(lines, []);
  });
});
