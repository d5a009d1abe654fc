/** `pnpm start`: the cockpit server in this process, until SIGINT or SIGTERM. */
import { reportStartupFailure, startServer } from './wiring.ts';

async function main(): Promise<void> {
  // Configured from this process's environment and working directory (`loadCockpitConfig`).
  const server = await startServer();
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: shutting down`);
    // Open keep-alive or SSE connections must not hold the process forever.
    setTimeout(() => process.exit(0), 5_000).unref();
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.exit(reportStartupFailure(error));
});
