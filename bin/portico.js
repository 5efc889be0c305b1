#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { buildIfStale } from './build-if-stale.js';

// A checkout builds dist/ here when its sources changed (an installed package has no sources).
await buildIfStale();
// Keep V8's young generation at its initial size while Portico starts: module loading would grow
// it to its maximum and it never shrinks when idle (about 17 MB of idle RSS, docs/benchmarks.md).
// `portico start` sets V8's default growth back once it serves (src/cli/start-command.ts).
setFlagsFromString('--semi-space-growth-factor=1');
await import('../dist/cli/main.js');
