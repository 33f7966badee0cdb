/**
 * The Node load generator, run as its own process (pinned beside the emulator), for what wrk cannot do:
 * - `closed`: N virtual users each running a request sequence in a loop (S2: create a sign-in flow, submit it);
 * - `open`: a fixed arrival rate whatever the answers (S7), latency measured from each request's scheduled
 *   time, so a stall counts for every request it delays (no coordinated omission).
 * Every answer is checked (2xx, no GraphQL errors, the expected outcome). Prints one JSON line.
 */
import http from 'node:http';

export interface Step {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  /** `{{flow}}` is replaced by the value the previous step extracted. */
  body?: string;
  /** A regular expression whose first group is kept for the next step (e.g. the flow id). */
  extract?: string;
  /** A substring every successful answer contains. */
  expect?: string;
}

export interface DriverConfig {
  mode: 'closed' | 'open';
  origin: string;
  steps: Step[];
  seconds: number;
  /** closed: virtual users. open: connections available. */
  connections: number;
  /** open only: requests per second. */
  rate?: number;
}

export interface DriverResult {
  /** Completed sequences (closed) or requests (open). */
  completed: number;
  failures: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  firstFailure?: string;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function send(
  agent: http.Agent,
  origin: string,
  step: Step,
  value: string,
): Promise<{ status: number; body: string }> {
  const body = step.body?.replaceAll('{{flow}}', value);
  const path = step.path.replaceAll('{{flow}}', encodeURIComponent(value));
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(path, origin),
      {
        method: step.method,
        agent,
        headers:
          body === undefined ? step.headers : { ...step.headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs the steps once; returns a failure description or null. */
async function sequence(agent: http.Agent, config: DriverConfig): Promise<string | null> {
  let value = '';
  for (const step of config.steps) {
    let answer: { status: number; body: string };
    try {
      answer = await send(agent, config.origin, step, value);
    } catch (error) {
      return `${step.method} ${step.path}: ${error instanceof Error ? error.message : String(error)}`;
    }
    const { status, body } = answer;
    if (status < 200 || status > 299 || body.includes('"errors"'))
      return `${step.path}: ${status} ${body.slice(0, 300)}`;
    if (step.expect !== undefined && !body.includes(step.expect))
      return `${step.path}: unexpected ${body.slice(0, 300)}`;
    if (step.extract !== undefined) {
      const match = new RegExp(step.extract).exec(body)?.[1];
      if (match === undefined) return `${step.path}: nothing to extract from ${body.slice(0, 300)}`;
      value = match;
    }
  }
  return null;
}

export async function drive(config: DriverConfig): Promise<DriverResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: config.connections });
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  const record = (started: number, failure: string | null): void => {
    latencies.push(performance.now() - started);
    if (failure !== null) {
      failures += 1;
      firstFailure ??= failure;
    }
  };
  const began = performance.now();
  const end = began + config.seconds * 1000;
  if (config.mode === 'closed') {
    await Promise.all(
      Array.from({ length: config.connections }, async () => {
        while (performance.now() < end) {
          const started = performance.now();
          record(started, await sequence(agent, config));
        }
      }),
    );
  } else {
    const rate = config.rate ?? 100;
    const inFlight = new Set<Promise<void>>();
    let scheduled = 0;
    while (performance.now() < end) {
      const due = Math.floor(((performance.now() - began) / 1000) * rate);
      while (scheduled < due) {
        const at = began + (scheduled / rate) * 1000;
        scheduled += 1;
        const one = sequence(agent, config).then((failure) => {
          record(at, failure);
        });
        inFlight.add(one);
        void one.finally(() => inFlight.delete(one));
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await Promise.all(inFlight);
  }
  const seconds = (performance.now() - began) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    completed: latencies.length,
    failures,
    seconds,
    rps: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p90Ms: percentile(latencies, 90),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.at(-1) ?? 0,
    ...(firstFailure === undefined ? {} : { firstFailure }),
  };
}

if (require.main === module) {
  const config = JSON.parse(process.argv[2] ?? '{}') as DriverConfig;
  drive(config).then(
    (result) => process.stdout.write(`RESULT ${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
