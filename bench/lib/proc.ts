/**
 * Processes under test: started pinned to a core with taskset, measured from /proc (CPU time of the whole
 * process tree, resident memory), stopped by their own pid. Nothing here kills by name.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createConnection } from 'node:net';

/** The kernel's clock tick for /proc/<pid>/stat times (USER_HZ; 100 on Linux x86-64). */
const TICKS_PER_SECOND = 100;

export interface Proc {
  name: string;
  pid: number;
  child: ChildProcess;
  /** What the process printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  /** The core to pin to (taskset -c), or null for none. */
  core: number | null;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Keep stdout (default: discarded, as a production log pipe would drain it). */
  keepStdout?: boolean;
}

const running = new Set<Proc>();

export function start(options: StartOptions): Proc {
  const [command, args] =
    options.core === null
      ? [options.command, options.args]
      : ['taskset', ['-c', String(options.core), options.command, ...options.args]];
  // taskset execs the command, so the pid is the program's own.
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', options.keepStdout === true ? 'pipe' : 'ignore', 'pipe'],
  });
  let text = '';
  const keep = (chunk: Buffer): void => {
    text = (text + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // One stop per process, and the process stays in `running` until it has exited: a second stopAll (Ctrl-C
  // reaches the run's failure path too) then waits for the same exits instead of letting the run end before
  // its SIGKILL fallback fires.
  let stopping: Promise<void> | null = null;
  const proc: Proc = {
    name: options.name,
    pid: child.pid ?? -1,
    child,
    output: () => text,
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve();
          return;
        }
        const force = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      })),
  };
  running.add(proc);
  child.once('exit', () => running.delete(proc));
  return proc;
}

/** Stops every process this run started (on exit, failure or Ctrl-C). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((proc) => proc.stop()));
}

function children(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const task of tasks) {
    try {
      const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (text !== '') out.push(...text.split(/\s+/).map(Number));
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

/** A process and all its descendants (a gateway may fork workers). */
export function tree(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length; i += 1) all.push(...children(all[i]!));
  return all;
}

/** CPU seconds (user + system) used so far by one process (threads included). */
function cpuOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces), 1-based field 14 is utime, 15 stime.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU seconds used so far by the process tree. */
export function cpuSeconds(pid: number): number {
  return tree(pid).reduce((sum, one) => sum + cpuOf(one), 0);
}

/** Resident memory of the process tree, in MiB. */
export function rssMiB(pid: number): number {
  let kib = 0;
  for (const one of tree(pid)) {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${one}/status`, 'utf8'));
      kib += Number(match?.[1] ?? 0);
    } catch {
      // ended meanwhile
    }
  }
  return kib / 1024;
}

/** Resolves once `port` accepts connections, or rejects with the process's output. */
export async function waitForPort(proc: Proc, port: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited:\n${proc.output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => {
        resolve(false);
      });
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`${proc.name} did not listen on ${port}:\n${proc.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A free TCP port on 127.0.0.1. */
export { freePort } from '../../test/harness/freePort';

export function loadAverage(): number[] {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
