/**
 * Optional features cost nothing when off: OpenTelemetry, ioredis and prom-client (about 25 MiB of memory once
 * loaded) are loaded only when tracing, Redis or metrics are configured.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

function loadedWith(env: Record<string, string>): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'test/project/optionalModulesProbe.ts'],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'production',
          ORY_SDK_URL: 'http://127.0.0.1:9',
          LOG_LEVEL: 'error',
          ...env,
        },
      },
      (error, stdout, stderr) => {
        const line = /LOADED (\[.*\])/.exec(stdout)?.[1];
        if (error !== null || line === undefined) reject(new Error(`probe failed: ${stderr}`));
        else resolve(JSON.parse(line) as string[]);
      },
    );
  });
}

it('loads none of them by default', async () => {
  expect(await loadedWith({})).toEqual([]);
}, 60_000);

it('loads OpenTelemetry with an OTLP endpoint and prom-client with METRICS', async () => {
  const loaded = await loadedWith({ METRICS: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' });
  expect(loaded).toEqual(['@opentelemetry/', 'prom-client']);
}, 60_000);
