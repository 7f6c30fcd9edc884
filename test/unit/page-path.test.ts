import { describe, expect, it } from 'vitest';
import { pagePath } from '../../src/privacy/page-path.ts';

describe('pagePath', () => {
  it.each([
    ['https://www.sandnes.kommune.no//skole/index.html?fnr=1#top', '/skole/'],
    ['https://x.no/', '/'],
    ['https://x.no', '/'],
    ['https://x.no/skole', '/skole'],
    ['https://x.no/skole/', '/skole/'],
    ['https://x.no/Skole/Barnehage', '/Skole/Barnehage'],
    ['https://x.no/%C3%A6%C3%B8%C3%A5', '/æøå'],
    ['https://x.no/bær/øl', '/bær/øl'],
    ['https://x.no/a%2Fb', '/a%2Fb'],
    ['https://x.no/a%3Fb%23c', '/a%3Fb%23c'],
    ['https://x.no/100%25', '/100%25'],
    ['https://x.no/a%20b', '/a%20b'],
    ['https://x.no/a b', '/a%20b'],
    ['https://x.no/%41%7e', '/A~'],
    ['https://x.no/%ff%fe', '/%FF%FE'],
    ['https://x.no/%e2%80%8b', '/%E2%80%8B'],
    ['https://x.no/a/./b/../c', '/a/c'],
    ['https://x.no///a////b', '/a/b'],
    ['https://x.no/a/index.htm', '/a/'],
    ['https://x.no/a/INDEX.HTML', '/a/'],
    ['https://x.no/a/index.html/b', '/a/index.html/b'],
    ['https://x.no/a/myindex.html', '/a/myindex.html'],
    ['https://user:pw@x.no:8443/a?b=c', '/a'],
  ])('%s -> %s', (url, path) => {
    expect(pagePath(new URL(url))).toBe(path);
  });

  it('is stable: normalizing a normalized path changes nothing', () => {
    for (const path of ['/skole/', '/æøå', '/a%2Fb', '/100%25', '/%FF%FE']) {
      expect(pagePath(new URL(path, 'https://x.no'))).toBe(path);
    }
  });
});
