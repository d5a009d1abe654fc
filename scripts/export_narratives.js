#!/usr/bin/env node
// The seeds' evidence exporter, `node scripts/export_narratives.js --from 30d --out ops-evidence.zip`:
// the CLI's `export` command under the path the seeds name (same flags, same exit codes).
import { runCockpitCommand } from '../apps/cli/bin/run-command.mjs';

await runCockpitCommand('export', process.argv.slice(2));
