/** `cockpit serve`: starts the cockpit server in the foreground, like `pnpm start`. */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Command } from '../command.ts';

/** The serve command. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'start the cockpit server (like pnpm start)',
  usage: `Usage: cockpit serve

Starts the MCP Cockpit server in the foreground; Ctrl-C stops it. Configured by the server's
environment: PORT (default 8766), HOST, LUKHAS_MCP_DB, LUKHAS_MCP_API_KEYS, PROM_URL, …
(see apps/server/README.md). The exit code is the server's (2 for bad configuration).

Options:
  -h, --help   show this help`,
  options: {},
  run(_args, io) {
    const require = createRequire(import.meta.url);
    const main = path.join(path.dirname(require.resolve('@lukhas/server/package.json')), 'src', 'main.ts');
    const tsx = import.meta.resolve('tsx');
    const child = spawn(process.execPath, ['--import', tsx, main], {
      stdio: 'inherit',
      cwd: io.cwd,
      env: { ...process.env, ...io.env },
    });
    // The server shuts down on its own SIGINT/SIGTERM; forward ours rather than dying first.
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    return new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
        resolve(code ?? (signal === null ? 1 : 0));
      });
    });
  },
};
