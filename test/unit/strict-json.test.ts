import { describe, expect, it } from 'vitest';
import { Invalid } from '../../src/errors.ts';
import { strictJson } from '../../src/http/body.ts';

// A body read before Koa is parsed as koa-body's strict parser (co-body with @hapi/bourne) parses the same text.
describe('strictJson', () => {
  it('drops a leading byte-order mark and reads an empty body as an empty object', () => {
    expect(strictJson('\uFEFF{"a":1}')).toEqual({ a: 1 });
    expect(strictJson('')).toEqual({});
    expect(strictJson(' \n[1,null,{"b":2}]')).toEqual([1, null, { b: 2 }]);
  });

  it('refuses what is not an object or an array, and what is not JSON', () => {
    for (const text of ['"just a string"', '12', 'null', '{"a":', '\uFEFF\uFEFF{}'])
      expect(() => strictJson(text), text).toThrow(Invalid);
  });

  it('refuses a "__proto__" key at any depth, however it is escaped, and keeps the word elsewhere', () => {
    for (const text of ['{"__proto__":{"x":1}}', '{"a":[{"\\u005f_proto__":{}}]}', '{"a":{"__proto\\u005F_" :1}}'])
      expect(() => strictJson(text), text).toThrow(Invalid);
    expect(strictJson('{"x":"__proto__","y":"\\"__proto__\\":"}')).toEqual({ x: '__proto__', y: '"__proto__":' });
    const deep = `${'['.repeat(8000)}{"__proto__":1}${']'.repeat(8000)}`;
    expect(() => strictJson(deep)).toThrow(Invalid);
  });
});
