/**
 * Parses argv, runs one command and maps every outcome to an exit code: 0 success, 1 a runtime
 * failure (message says what to do), 2 a usage error (usage printed). Expected failures never
 * print a stack trace; unexpected ones do only with COCKPIT_DEBUG=1.
 */
import { parseArgs } from 'node:util';
import { CliError, EXIT, usageError } from './cli-error.ts';
import type { CliIo, Command } from './command.ts';
import { COMMANDS } from './commands/index.ts';

/** `cockpit --help`. */
export const ROOT_USAGE = `Usage: cockpit <command> [options]

Operator CLI of MCP Cockpit.

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(10)}${command.summary}`).join('\n')}

Run \`cockpit <command> --help\` for a command's options.

Exit codes: 0 success, 1 failure (the message says what to do), 2 usage error.
Environment: LUKHAS_MCP_DB (database file or postgres:// URL), LUKHAS_MCP_URL, LUKHAS_MCP_API_KEY, PROM_URL.`;

/**
 * Runs the CLI; resolves with the exit code.
 *
 * @example
 * process.exitCode = await runCli(['jobs', '--status', 'failed'], io);
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  const [name, ...rest] = args;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${ROOT_USAGE}\n`);
    return EXIT.ok;
  }
  if (name === undefined) {
    io.stderr.write(`${ROOT_USAGE}\n`);
    return EXIT.usage;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (command === undefined) {
    io.stderr.write(`cockpit: unknown command "${name}"\n\n${ROOT_USAGE}\n`);
    return EXIT.usage;
  }
  try {
    return await runCommand(command, rest, io);
  } catch (error) {
    return report(error, io);
  }
}

async function runCommand(command: Command, argv: readonly string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    if (isParseArgsError(error)) throw usageError(error.message, command.name);
    throw error;
  }
  if (parsed.values.help === true) {
    io.stdout.write(`${command.usage}\n`);
    return EXIT.ok;
  }
  const positionals = command.positionals;
  const count = parsed.positionals.length;
  if (positionals === undefined && count > 0) {
    throw usageError(`unexpected argument "${parsed.positionals[0]}"`, command.name);
  }
  if (positionals !== undefined && count < positionals.min) {
    throw usageError(`missing ${positionals.name}`, command.name);
  }
  if (positionals?.max !== undefined && count > positionals.max) {
    throw usageError(`expected one ${positionals.name}, got ${count} arguments`, command.name);
  }
  return command.run({ values: parsed.values, positionals: parsed.positionals }, io);
}

function report(error: unknown, io: CliIo): number {
  if (error instanceof CliError) {
    const prefix = error.command === undefined ? 'cockpit' : `cockpit ${error.command}`;
    io.stderr.write(`${prefix}: ${error.message}\n`);
    if (error.code === 'USAGE') {
      const usage = COMMANDS.find((command) => command.name === error.command)?.usage.split('\n')[0];
      if (usage !== undefined) io.stderr.write(`${usage}\nRun \`${prefix} --help\` for details.\n`);
      return EXIT.usage;
    }
    return EXIT.failed;
  }
  if (io.env.COCKPIT_DEBUG === '1' && error instanceof Error) io.stderr.write(`${error.stack}\n`);
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(
    `cockpit: unexpected error: ${message}\n(set COCKPIT_DEBUG=1 for the stack trace, and report it with the command you ran)\n`,
  );
  return EXIT.failed;
}

function isParseArgsError(error: unknown): error is Error & { code: string } {
  const code: unknown = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
