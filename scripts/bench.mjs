#!/usr/bin/env node
// Runs every package's `bench` script (turbo) and prints the figures. Benchmarks measure, never fail the build.
import { spawnSync } from 'node:child_process';

const result = spawnSync('pnpm', ['exec', 'turbo', 'run', 'bench', '--concurrency=1'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
