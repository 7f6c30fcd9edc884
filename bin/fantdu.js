#!/usr/bin/env node
// The built CLI (npm ci and npm run build make dist/).
import { run } from '../dist/src/cli.js';

process.exitCode = await run(process.argv.slice(2));
