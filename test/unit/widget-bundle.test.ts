import { existsSync, readFileSync } from 'node:fs';
import { Script } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { texts } from '../../src/citizen/texts.ts';

const bundle = new URL('../../dist/widget/widget.js', import.meta.url);

describe('the widget bundle (built by npm run build)', () => {
  it('is one classic script built from the current source, with every language and the path it posts to', () => {
    expect(existsSync(bundle), 'run `npm run build` first').toBe(true);
    const code = readFileSync(bundle, 'utf8');
    expect(() => new Script(code)).not.toThrow();
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    for (const t of Object.values(texts))
      for (const words of [t.question, t.hint, t.thanks, t.tooMany]) expect(code).toContain(words);
    expect(code).toContain('api/v1/feedback');
  });

  it('is at most 3 KB gzipped, its CSS included', () => {
    const code = readFileSync(bundle);
    expect(code.toString()).toContain('adoptedStyleSheets');
    expect(gzipSync(code, { level: 9 }).length).toBeLessThanOrEqual(3 * 1024);
  });

  it('uses no cookies, no storage and no other server', () => {
    const code = readFileSync(bundle, 'utf8');
    for (const word of ['document.cookie', 'localStorage', 'sessionStorage', 'indexedDB', 'http://', 'https://']) {
      expect(code).not.toContain(word);
    }
  });
});
