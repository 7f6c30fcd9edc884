#!/bin/sh
# npm start (and deploy/fantdu.service): the built server. On the embedded database (no DATABASE_URL) with Node flags
# that keep the process within 200 MB: PGlite's WebAssembly compiled by one tier only, a small young generation, a heap
# kept small, one V8 helper thread. They cost the server CPU per request (README, "Performance"), so a server on
# Postgres, where memory is not PGlite's, runs without them.
cd "$(dirname "$0")/.." || exit 1
if [ -z "${DATABASE_URL:-}" ]; then
  exec node --no-liftoff --max-semi-space-size=2 --optimize-for-size --v8-pool-size=1 dist/src/server.js
fi
exec node dist/src/server.js
