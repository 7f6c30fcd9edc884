// npm start's first step: builds only when a source is newer than the build. `npm ci` has built already (prepare),
// and the compiler holds some 550 MB while it runs: more than a small machine should spend on every start.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
/** The newest modification time under `path`, or 0 where nothing is. */
function newest(path) {
  try {
    const stat = statSync(join(root, path));
    if (!stat.isDirectory()) return stat.mtimeMs;
    return Math.max(0, ...readdirSync(join(root, path)).map((name) => newest(join(path, name))));
  } catch {
    return 0;
  }
}
const sources = ['src', 'migrations', 'widget/src', 'widget/build.mjs', 'tsconfig.json', 'tsconfig.build.json'];
const built = Math.min(newest('dist/src/server.js'), newest('dist/widget/widget.js'));
if (built === 0 || Math.max(...sources.map(newest)) > built) {
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
}
