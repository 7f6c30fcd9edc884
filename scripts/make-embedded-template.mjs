// npm run make:embedded-template: the empty database a new embedded folder starts from (src/embedded-template.ts),
// made by this PGlite's own initdb, in memory. Run it when PGlite is upgraded: the template fits one version, and
// without one for the installed version a first start falls back to initdb (and its memory).
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { templateFile } from '../dist/src/embedded-template.js';

const file = templateFile();
const db = new PGlite();
await db.waitReady;
const tarball = await db.dumpDataDir('gzip');
await db.close();
mkdirSync(new URL('.', file), { recursive: true });
writeFileSync(file, Buffer.from(await tarball.arrayBuffer()));
console.log(`Wrote ${fileURLToPath(file)} (${Math.round(tarball.size / 1024)} KB).`);
