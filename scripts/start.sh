#!/bin/sh
# npm start (and deploy/fantdu.service): the built server, with Node flags that keep the process within 200 MB.
# On the embedded database (no DATABASE_URL): PGlite's WebAssembly compiled by one tier only, a small young
# generation, a heap kept small, one V8 helper thread. They cost the server CPU per request (README, "Performance").
# And the C library's allocator hands blocks of 128 kB and more back to the system when they are freed: by default it
# learns from start-up's big blocks to keep such blocks, some 30 MB (peak RSS under 20 000 posts 176-185 MB against
# 195-212 MB, three A/B runs of npm run bench:embedded, posts per second within the noise).
# On Postgres, where the memory is not PGlite's, a young generation half the default, one helper thread (peak RSS under
# posts 139-208 MB against 199-227 MB, some 5% fewer posts per second; four A/B runs each), and an old generation let
# grow by half of what a full collection left live, not by V8's default of up to four times: after 200 000 posts, each
# from a client of its own, peak RSS 178 MB twice against 211-287 MB three times, some 4% fewer posts per second.
cd "$(dirname "$0")/.." || exit 1
if [ -z "${DATABASE_URL:-}" ]; then
  export MALLOC_MMAP_THRESHOLD_=131072
  exec node --no-liftoff --max-semi-space-size=2 --optimize-for-size --v8-pool-size=1 dist/src/server.js
fi
exec node --max-semi-space-size=8 --heap-growing-percent=50 --v8-pool-size=1 dist/src/server.js
