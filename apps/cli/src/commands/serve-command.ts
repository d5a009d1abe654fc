/** `cockpit serve`: starts the cockpit server in the foreground, like `pnpm start`. */
import type { Command } from '../command.ts';

/** How long a stop waits for the server to close before the command returns anyway. */
const CLOSE_GRACE_MS = 5_000;

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
  async run(_args, io) {
    // Loaded here, not at the top: every other command stays free of the server's start-up cost.
    const { reportStartupFailure, startServer } = await import('@lukhas/server');
    // The server reads relative paths (database, repo root, task file) from the working directory.
    if (io.cwd !== process.cwd()) process.chdir(io.cwd);
    let server: Awaited<ReturnType<typeof startServer>>;
    try {
      server = await startServer({ env: { ...process.env, ...io.env } });
    } catch (error) {
      return reportStartupFailure(error);
    }
    // Ctrl-C aborts io.signal (see main.ts); SIGTERM stops the server the same way.
    const stopped = new Promise<string>((resolve) => {
      const onTerm = () => resolve('SIGTERM');
      process.once('SIGTERM', onTerm);
      io.signal.addEventListener(
        'abort',
        () => {
          process.off('SIGTERM', onTerm);
          resolve('SIGINT');
        },
        { once: true },
      );
    });
    const signal = await stopped;
    console.log(`${signal}: shutting down`);
    // Open keep-alive or SSE connections must not hold the process forever.
    await Promise.race([
      server.close(),
      new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref()),
    ]);
    return 0;
  },
};
