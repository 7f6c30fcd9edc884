// Lines of at most 120 characters in the code we write (the formatter keeps code there, this catches strings and
// comments). Landed migrations stay as they landed.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const max = 120;
const landed = /^migrations\/2026112[345]/;
const files = execFileSync(
  'git',
  ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.mjs', '*.js', '*.css'],
  { encoding: 'utf8' },
)
  .split('\n')
  .filter((f) => f && !landed.test(f));
const long = [];
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue; // listed by git, deleted in the work tree
  }
  text.split('\n').forEach((line, i) => {
    if ([...line].length > max) long.push(`${file}:${i + 1}: ${[...line].length} characters`);
  });
}
if (long.length) {
  console.error(`Lines over ${max} characters:\n${long.join('\n')}`);
  process.exit(1);
}
