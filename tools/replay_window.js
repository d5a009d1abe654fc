#!/usr/bin/env node
// The seeds' counterfactual replay, `node tools/replay_window.js --from … --to … --model … --policy
// configs/slo-prod.json --report replay-1400.html`: the CLI's `replay` command under that path.
import { runCockpitCommand } from '../apps/cli/bin/run-command.mjs';

await runCockpitCommand('replay', process.argv.slice(2));
