// Runs one `cockpit` command from another entry point (the seeds' paths: scripts/export_narratives.js,
// tools/replay_window.js, mcp-streamable.mjs), exactly as `cockpit <command> <args…>` would.
/**
 * @param {string} command the CLI command, e.g. 'export'
 * @param {string[]} args its flags, as typed
 */
export async function runCockpitCommand(command, args) {
  process.argv = [process.argv[0] ?? process.execPath, process.argv[1] ?? command, command, ...args];
  await import('./cockpit.mjs');
}
