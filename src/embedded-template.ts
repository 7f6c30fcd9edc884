import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, normalize } from 'node:path';
import { createGunzip } from 'node:zlib';
import { projectRoot } from './paths.ts';

/**
 * A new embedded database starts as a copy of an empty one that PGlite made beforehand
 * (scripts/make-embedded-template.mjs): PGlite's own initdb runs a second database beside the first, which holds
 * some 800 MB at its peak, where opening the copy holds some 160 MB. The copy fits one PGlite version exactly.
 */
export function templateFile(): URL {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const { version } = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return new URL(`embedded/pglite-${version}.tar.gz`, projectRoot);
}

/**
 * Makes `dir` a new embedded database from the template, unless it holds one already or there is no template for
 * this PGlite (then PGlite makes it as before). The copy is unpacked beside and moved in with PG_VERSION last, so a
 * start that dies halfway leaves a folder that the next start fills again.
 */
export async function prepareDataDir(dir: string): Promise<boolean> {
  const template = templateFile();
  if (existsSync(join(dir, 'PG_VERSION')) || !existsSync(template)) return false;
  const unpacked = join(dir, '.template');
  await rm(unpacked, { recursive: true, force: true });
  await mkdir(unpacked, { recursive: true, mode: 0o700 });
  await untar(createReadStream(template).pipe(createGunzip()), unpacked);
  const names = (await readdir(unpacked)).sort((a, b) => Number(a === 'PG_VERSION') - Number(b === 'PG_VERSION'));
  for (const name of names) {
    await rm(join(dir, name), { recursive: true, force: true });
    await rename(join(unpacked, name), join(dir, name));
  }
  await rm(unpacked, { recursive: true, force: true });
  return true;
}

/** The files and folders of a ustar stream, written under `into`, a piece at a time (the WAL alone is 16 MB). */
async function untar(stream: AsyncIterable<Buffer>, into: string): Promise<void> {
  const take = byteReader(stream[Symbol.asyncIterator]());
  for (;;) {
    const header = await take.exactly(512);
    if (!header || header.every((b) => b === 0)) return;
    const text = (from: number, length: number) => header.toString('utf8', from, from + length).replace(/\0.*$/s, '');
    const name = normalize(`${text(345, 155)}/${text(0, 100)}`).replace(/^\/+/, '');
    if (name.startsWith('..')) throw new Error(`the database template names a file outside its folder: ${name}`);
    const size = Number.parseInt(text(124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 0x30);
    const path = join(into, name);
    if (type === '5') await mkdir(path, { recursive: true, mode: 0o700 });
    else if (type !== '0') throw new Error(`the database template holds an entry of type ${type}: ${name}`);
    else {
      const file = name === 'postmaster.pid' ? undefined : await open(path, 'w', 0o600);
      for (let left = size; left > 0; ) {
        const piece = await take.upTo(left);
        if (!piece) throw new Error('the database template ends inside a file');
        await file?.write(piece);
        left -= piece.length;
      }
      await file?.close();
      await take.exactly((512 - (size % 512)) % 512);
    }
  }
}

/** Reads a stream of chunks by byte counts. */
function byteReader(chunks: AsyncIterator<Buffer>) {
  let held: Buffer = Buffer.alloc(0);
  async function upTo(n: number): Promise<Buffer | undefined> {
    if (!held.length) {
      const next = await chunks.next();
      if (next.done) return undefined;
      held = next.value;
    }
    const piece = held.subarray(0, n);
    held = held.subarray(piece.length);
    return piece;
  }
  async function exactly(n: number): Promise<Buffer | undefined> {
    const pieces: Buffer[] = [];
    for (let got = 0; got < n; ) {
      const piece = await upTo(n - got);
      if (!piece) return undefined;
      pieces.push(piece);
      got += piece.length;
    }
    return Buffer.concat(pieces, n);
  }
  return { upTo, exactly };
}
