/**
 * wrk (Debian's wrk 4.1) as the closed-loop load generator: one thread, N connections, a Lua script written per
 * target that checks every response (2xx, and no GraphQL `errors` where the target is GraphQL) and reports the
 * counts, bytes and latency percentiles as JSON.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface HttpTarget {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /**
   * Distinct documents: `{{n}}` in the body is replaced by a counter, cycling through `count` values (or never
   * repeating when `count` is 0).
   */
  vary?: { count: number };
  /** GraphQL answers: a body with `"errors"` counts as a failure. */
  graphql: boolean;
}

export interface WrkResult {
  requests: number;
  seconds: number;
  rps: number;
  bytes: number;
  /** Responses that were not 2xx or carried GraphQL errors, plus socket errors. */
  failures: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
}

const work = mkdtempSync(path.join(tmpdir(), 'ory-graphql-bench-wrk-'));
let scripts = 0;

const lua = (value: string): string => JSON.stringify(value).replace(/\\u([0-9a-fA-F]{4})/g, '\\u{$1}');

function script(target: HttpTarget, serial: number): string {
  const url = new URL(target.url);
  const headers = Object.entries(target.headers)
    .map(([name, value]) => `wrk.headers[${lua(name)}] = ${lua(value)}`)
    .join('\n');
  const [prefix, suffix] = (target.body ?? '').split('{{n}}');
  const vary =
    target.vary === undefined
      ? ''
      : `
n = ${target.vary.count > 0 ? 0 : serial * 10_000_000}
function request()
  n = n + 1
  ${target.vary.count > 0 ? `if n > ${target.vary.count} then n = 1 end` : ''}
  return wrk.format(nil, nil, nil, ${lua(prefix ?? '')} .. n .. ${lua(suffix ?? '')})
end`;
  return `
wrk.method = ${lua(target.method)}
wrk.path = ${lua(url.pathname + url.search)}
${headers}
${target.body === undefined ? '' : `wrk.body = ${lua(target.body)}`}
${vary}
bad = 0
local graphql = ${target.graphql ? 'true' : 'false'}
function response(status, headers, body)
  if status < 200 or status > 299 then
    bad = bad + 1
  elseif graphql and string.find(body, '"errors"', 1, true) then
    bad = bad + 1
  end
end
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do failed = failed + thread:get("bad") end
  local e = summary.errors
  io.write(string.format('\\nRESULT {"requests":%d,"us":%d,"bytes":%d,"bad":%d,"socket":%d,"p50":%d,"p90":%d,"p99":%d}\\n',
    summary.requests, summary.duration, summary.bytes, failed, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99)))
end
`;
}

export function runWrk(
  target: HttpTarget,
  options: { connections: number; seconds: number; core: number | null },
): Promise<WrkResult> {
  scripts += 1;
  const file = path.join(work, `target-${scripts}.lua`);
  writeFileSync(file, script(target, scripts));
  const url = new URL(target.url);
  const args = [
    '-t1',
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    '--timeout',
    '10s',
    '-s',
    file,
    `${url.protocol}//${url.host}`,
  ];
  const [command, all] =
    options.core === null ? ['wrk', args] : ['taskset', ['-c', String(options.core), 'wrk', ...args]];
  return new Promise((resolve, reject) => {
    execFile(command, all, { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      const line = /RESULT (\{.*\})/.exec(stdout)?.[1];
      if (error !== null || line === undefined) {
        reject(new Error(`wrk failed: ${error?.message ?? ''}\n${stdout}\n${stderr}`));
        return;
      }
      const raw = JSON.parse(line) as Record<string, number>;
      const seconds = raw.us! / 1e6;
      resolve({
        requests: raw.requests!,
        seconds,
        rps: raw.requests! / seconds,
        bytes: raw.bytes!,
        failures: raw.bad! + raw.socket!,
        p50Ms: raw.p50! / 1000,
        p90Ms: raw.p90! / 1000,
        p99Ms: raw.p99! / 1000,
      });
    });
  });
}
