#!/usr/bin/env node
// The `cockpit` command: registers tsx (resolved from this package's own dependencies, so it works
// from any working directory) and runs the TypeScript entry point without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
