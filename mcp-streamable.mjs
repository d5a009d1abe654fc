#!/usr/bin/env node
// The seeds' server entry point, `node mcp-streamable.mjs`: the cockpit server (`cockpit serve`),
// configured by the same variables the seeds set (PORT, PROM_URL, PROM_BEARER, PROM_QUERY_LAT,
// PROM_QUERY_ERR, LUKHAS_REPO_ROOT, LUKHAS_MCP_API_KEYS, …; see the README's Configuration). With
// PROM_URL set the SLO monitor reads Prometheus, without it the stub: the seeds' adapter choice.
import { runCockpitCommand } from './apps/cli/bin/run-command.mjs';

await runCockpitCommand('serve', process.argv.slice(2));
