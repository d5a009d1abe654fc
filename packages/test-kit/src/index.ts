/**
 * `@lukhas/test-kit`: what the cockpit's test harnesses share, so no harness writes it again.
 * Private, and a devDependency only: nothing of it runs in production.
 *
 * @example
 * import { createTempDirs, startServerProcess, waitFor } from '@lukhas/test-kit';
 *
 * const tempDirs = createTempDirs();
 * const server = await startServerProcess({
 *   script: 'src/main.ts',
 *   env: { ...process.env, PORT: '0', LUKHAS_MCP_DB: `${tempDirs.make('cockpit-')}/cockpit.db` },
 * });
 * await waitFor(async () => (await fetch(`${server.url}/health`)).ok, { message: 'a healthy server' });
 * await server.stop();
 * tempDirs.removeAll();
 */
export {
  isProcessAlive,
  type ProcessExit,
  type RunningProcess,
  type StartProcessOptions,
  startProcess,
  type TrackedProcess,
  trackProcess,
} from './child-process.ts';
export { type FindExecutableOptions, findExecutable } from './find-executable.ts';
export { freePort } from './free-port.ts';
export { CHROMIUM_ARGS, CHROMIUM_PATH, launchChromium } from './launch-chromium.ts';
export {
  cspViolations,
  type OpenWatchedPageOptions,
  openWatchedPage,
  type WatchedPage,
} from './open-watched-page.ts';
export {
  LISTENING_LINE,
  type RunningServerProcess,
  type StartServerProcessOptions,
  startServerProcess,
} from './server-process.ts';
export { createTempDirs, type TempDirs } from './temp-dirs.ts';
export { type WaitForOptions, waitFor } from './wait-for.ts';
