#!/usr/bin/env node
// Keeps the CPU cores busy so the test suite can be proven to hold on a loaded CI machine:
// a test that passes only when the machine is idle depends on wall-clock speed, not on events.
//
//   node scripts/cpu-hog.mjs start [--cores N]   start N busy-loop processes (default: all cores)
//   node scripts/cpu-hog.mjs stop                stop the processes `start` left running
//   node scripts/cpu-hog.mjs run [--cores N] -- <command...>
//       start the hog, run the command, always stop the hog (also on SIGINT/SIGTERM), and exit
//       with the command's code, e.g. `node scripts/cpu-hog.mjs run -- npx -y pnpm@10.34.9 test`
//
// The hog's process ids live in a file under os.tmpdir() so `stop` finds what `start` began; each
// `run` keeps its own file, so two runs at once never stop each other's hog.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const sharedPidFile = path.join(os.tmpdir(), 'mcp-cockpit-cpu-hog.pids');

function usage(message) {
  if (message) console.error(`cpu-hog: ${message}`);
  console.error('usage: node scripts/cpu-hog.mjs start [--cores N] | stop | run [--cores N] -- <command...>');
  process.exit(2);
}

function parseCores(args) {
  const index = args.indexOf('--cores');
  if (index === -1) return os.availableParallelism?.() ?? os.cpus().length;
  const cores = Number(args[index + 1]);
  if (!Number.isInteger(cores) || cores < 1) usage('--cores takes a whole number of at least 1');
  return cores;
}

function readPids(pidFile) {
  if (!existsSync(pidFile)) return [];
  return readFileSync(pidFile, 'utf8')
    .split('\n')
    .map(Number)
    .filter((pid) => Number.isInteger(pid) && pid > 0);
}

function start(cores, pidFile) {
  // A hog left by an earlier start would double the load; stop it first.
  stop(pidFile, { quiet: true });
  const pids = [];
  for (let index = 0; index < cores; index += 1) {
    const child = spawn(process.execPath, ['-e', 'for(;;){}'], {
      detached: true,
      stdio: 'ignore',
    });
    child.unref();
    pids.push(child.pid);
  }
  writeFileSync(pidFile, `${pids.join('\n')}\n`);
  console.error(`cpu-hog: ${cores} busy loop(s) started (pids ${pids.join(', ')})`);
}

function stop(pidFile, { quiet = false } = {}) {
  const pids = readPids(pidFile);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone (machine restarted, or stopped by hand): nothing to do.
    }
  }
  rmSync(pidFile, { force: true });
  if (!quiet && pids.length > 0) console.error(`cpu-hog: stopped pids ${pids.join(', ')}`);
}

function run(args) {
  const separator = args.indexOf('--');
  if (separator === -1 || separator === args.length - 1) usage('run needs -- <command...>');
  const command = args.slice(separator + 1);
  const pidFile = path.join(os.tmpdir(), `mcp-cockpit-cpu-hog.run-${process.pid}.pids`);
  start(parseCores(args.slice(0, separator)), pidFile);
  const child = spawn(command[0], command.slice(1), { stdio: 'inherit' });
  let stopped = false;
  const stopOnce = () => {
    if (stopped) return;
    stopped = true;
    stop(pidFile);
  };
  // Whatever ends this process, the hog must not outlive it.
  process.on('exit', stopOnce);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      stopOnce();
      child.kill(signal);
      // The command decides how it ends; exit only if it does not within a few seconds.
      setTimeout(() => process.exit(128 + (os.constants.signals[signal] ?? 1)), 5000).unref();
    });
  }
  child.on('error', (error) => {
    stopOnce();
    console.error(`cpu-hog: cannot run ${command[0]}: ${error.message}`);
    process.exit(127);
  });
  child.on('exit', (code, signal) => {
    stopOnce();
    process.exit(code ?? 128 + (os.constants.signals[signal] ?? 1));
  });
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === 'start') start(parseCores(rest), sharedPidFile);
else if (mode === 'stop') stop(sharedPidFile);
else if (mode === 'run') run(rest);
else usage(mode ? `unknown mode ${mode}` : undefined);
