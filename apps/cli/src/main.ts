/**
 * The `cockpit` command line: `cockpit <command> [options]` (see run-cli.ts and README.md).
 *
 * @example
 * // npm run cockpit -- export --from 30d --out ops-evidence.zip
 */
import { runCli } from './run-cli.ts';

const controller = new AbortController();
// The first Ctrl-C asks the running command to stop (tail ends with 0); a second one forces it.
process.on('SIGINT', () => {
  if (controller.signal.aborted) process.exit(130);
  controller.abort();
});

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  // `npm run cockpit -- …` runs in the workspace root; relative paths mean the caller's directory.
  cwd:
    process.env.npm_lifecycle_event === 'cockpit' ? (process.env.INIT_CWD ?? process.cwd()) : process.cwd(),
  signal: controller.signal,
});
process.exit(code);
