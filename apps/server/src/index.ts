/**
 * `@lukhas/server`: the cockpit server as the CLI's `cockpit serve` starts it. Everything else of
 * the app (routes, MCP tools, wiring) is internal; libraries live in `packages/`.
 *
 * @example
 * const server = await startServer({ env: process.env });
 * // … later
 * await server.close();
 */
export {
  type RunningServer,
  reportStartupFailure,
  SERVER_VERSION,
  type StartServerOptions,
  startServer,
} from './wiring.ts';
