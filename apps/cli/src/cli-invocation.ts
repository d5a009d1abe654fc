/**
 * How the user started this CLI, so that a hint suggests a command that exists for them: through
 * the workspace's script (`npm run cockpit -- serve`; pnpm runs the same script) or as the
 * `cockpit` bin itself.
 */
import type { CliIo } from './command.ts';

/**
 * The command line that runs `cockpit <words>` the way this process was run.
 *
 * @example
 * cliCommand(io, 'serve'); // 'npm run cockpit -- serve' under `npm run cockpit`, else 'cockpit serve'
 */
export function cliCommand(io: Pick<CliIo, 'env'>, words: string): string {
  return io.env.npm_lifecycle_event === 'cockpit' ? `npm run cockpit -- ${words}` : `cockpit ${words}`;
}
