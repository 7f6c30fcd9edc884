// Builds widget/src into dist/widget/widget.js: one minified file, its CSS inside, no runtime dependencies.
import { readFile } from 'node:fs/promises';
import { build, transform } from 'esbuild';

const css = await transform(await readFile(new URL('src/widget.css', import.meta.url), 'utf8'), {
  loader: 'css',
  minify: true,
});

await build({
  entryPoints: [new URL('src/widget.ts', import.meta.url).pathname],
  outfile: new URL('../dist/widget/widget.js', import.meta.url).pathname,
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  define: { CSS_TEXT: JSON.stringify(css.code.trim()) },
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'warning',
});
