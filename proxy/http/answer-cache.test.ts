import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UNCACHED, type CacheReading } from '../providers/caching-provider.ts';
import { AnswerCache, contentTag, type BuiltAnswer } from './answer-cache.ts';

/** A reading the test drops by hand, as a refresh or a booking would. */
function reading() {
  let current = true;
  const value: CacheReading = { current: () => current };
  return { value, drop: () => (current = false) };
}

function built(body: unknown, readings: CacheReading[] = [], changesAt = Infinity): BuiltAnswer {
  return { body, readings, changesAt };
}

describe('AnswerCache', () => {
  it('keeps an answer while its readings are current and until changesAt, then builds again', async () => {
    let now = 1_000;
    const cache = new AnswerCache({ now: () => now });
    const data = reading();
    let builds = 0;
    const build = async () => built({ n: ++builds }, [data.value], 2_000);
    const text = async () => new TextDecoder().decode((await cache.answer('k', build)).bytes);
    assert.equal(await text(), '{"n":1}');
    now = 1_999;
    assert.equal(await text(), '{"n":1}');
    now = 2_000;
    assert.equal(await text(), '{"n":2}');
    assert.equal(builds, 2);
    const later = async () => built({ n: ++builds }, [data.value]);
    assert.equal(new TextDecoder().decode((await cache.answer('j', later)).bytes), '{"n":3}');
    data.drop();
    assert.equal(new TextDecoder().decode((await cache.answer('j', later)).bytes), '{"n":4}');
  });

  it('keeps nothing built from uncached data, nor more answers than it may', async () => {
    const cache = new AnswerCache({ now: () => 0, maxEntries: 2 });
    await cache.answer('u', async () => built({}, [UNCACHED]));
    assert.equal(cache.kept('u'), undefined);
    for (const key of ['a', 'b', 'c']) await cache.answer(key, async () => built({ key }));
    assert.equal(cache.kept('a'), undefined, 'the oldest went first');
    assert.ok(cache.kept('b') && cache.kept('c'));
  });

  it('shares one build between requests that arrive while it runs, unless it no longer holds', async () => {
    const cache = new AnswerCache({ now: () => 0 });
    let builds = 0;
    let release = () => {};
    const slow = () =>
      new Promise<BuiltAnswer>((resolve) => {
        builds += 1;
        release = () => resolve(built({ builds }));
      });
    const first = cache.answer('k', slow);
    const second = cache.answer('k', slow);
    await Promise.resolve();
    release();
    assert.equal((await first).tag, (await second).tag);
    assert.equal(builds, 1);
    const data = reading();
    let later = 0;
    const dropped = cache.answer('d', async () => {
      later += 1;
      await Promise.resolve();
      data.drop();
      return built({ later }, [data.value]);
    });
    const joiner = cache.answer('d', async () => built({ joiner: true }));
    await dropped;
    assert.equal(new TextDecoder().decode((await joiner).bytes), '{"joiner":true}');
  });

  it('tags content, not requests: the same JSON the same tag, other JSON another', () => {
    assert.equal(contentTag('{"a":1}'), contentTag('{"a":1}'));
    assert.notEqual(contentTag('{"a":1}'), contentTag('{"a":2}'));
    assert.match(contentTag(''), /^[0-9a-f]{16}$/);
  });
});
