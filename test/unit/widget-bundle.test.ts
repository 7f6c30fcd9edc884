import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const bundle = new URL('../../dist/widget/widget.js', import.meta.url);

describe('the widget bundle (built by npm run build)', () => {
  it('exists', () => {
    expect(existsSync(bundle), 'run `npm run build` first').toBe(true);
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
