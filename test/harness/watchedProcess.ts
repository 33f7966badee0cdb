/**
 * A child process the tests start and watch: its output is kept, so a test can wait for a line (a banner, "Listening
 * on") and show everything it printed when that line never comes.
 */
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';

export interface WatchedProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** The first match of `pattern` in the output; rejects when the process exits first or time runs out. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** SIGTERM (if it still runs), then its exit code. */
  stop(): Promise<number | null>;
}

/** Watches a process spawned with `stdio: ['ignore', 'pipe', 'pipe']`. */
export function watchProcess(child: ChildProcessByStdio<null, Readable, Readable>): WatchedProcess {
  let output = '';
  const keep = (chunk: Buffer): void => {
    output += chunk.toString();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      resolve(code);
    });
  });
  return {
    child,
    output: () => output,
    waitFor: (pattern, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const deadline = Date.now() + timeoutMs;
        const timer = setInterval(() => {
          const match = pattern.exec(output);
          if (match !== null) {
            clearInterval(timer);
            resolve(match);
          } else if (child.exitCode !== null || Date.now() > deadline) {
            clearInterval(timer);
            reject(new Error(`no ${String(pattern)} in the output:\n${output}`));
          }
        }, 50);
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
