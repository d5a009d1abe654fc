/** Every command of the CLI, in the order `cockpit --help` lists them. */
import type { Command } from '../command.ts';
import { canariesCommand } from './canaries-command.ts';
import { exportCommand } from './export-command.ts';
import { jobsCommand } from './jobs-command.ts';
import { promoteCommand } from './promote-command.ts';
import { replayCommand } from './replay-command.ts';
import { serveCommand } from './serve-command.ts';
import { tailCommand } from './tail-command.ts';
import { whyCommand } from './why-command.ts';

/** The commands. */
export const COMMANDS: readonly Command[] = [
  serveCommand,
  exportCommand,
  replayCommand,
  whyCommand,
  jobsCommand,
  canariesCommand,
  promoteCommand,
  tailCommand,
];
