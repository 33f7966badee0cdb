/**
 * `npx tsx bench/profile.ts [seconds]`: where the facade's CPU goes for S1 (`me` by token). Starts the emulator
 * and the built facade with `--cpu-prof`, loads it with wrk at c=10, stops it, and prints self time by package
 * (node_modules package, src/ file, or Node internals) and the top functions. The .cpuprofile is kept for
 * Chrome DevTools.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seed } from './lib/ory';
import { freePort, start, stopAll, waitForPort } from './lib/proc';
import { ROOT, SUT_CORE, facadeEnv, startEmulator } from './lib/servers';
import { gqlTarget } from './lib/scenario';
import { runWrk } from './lib/wrk';
import { ME } from './scenarios/s1';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

function bucket(url: string): string {
  if (url === '') return '(native / GC / idle)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const dist = url.indexOf('/dist/');
  return dist >= 0 ? url.slice(dist + 6) : url;
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 10);
  const emulator = await startEmulator();
  const data = await seed(emulator.publicUrl, emulator.adminUrl, 1, 0);
  const dir = mkdtempSync(path.join(tmpdir(), 'ory-graphql-profile-'));
  const port = await freePort();
  const facade = start({
    name: 'facade',
    core: SUT_CORE,
    command: process.execPath,
    args: ['--cpu-prof', `--cpu-prof-dir=${dir}`, path.join(ROOT, 'dist', 'src', 'main.js')],
    env: facadeEnv(emulator.publicUrl, emulator.adminUrl, port),
    cwd: ROOT,
  });
  await waitForPort(facade, port);
  const target = gqlTarget(`http://127.0.0.1:${port}/graphql`, ME, undefined, {
    'x-session-token': data.token,
  });
  await runWrk(target, { connections: 10, seconds: 3, core: 0 });
  const result = await runWrk(target, { connections: 10, seconds, core: 0 });
  process.stdout.write(`${result.rps.toFixed(0)} req/s, p50 ${result.p50Ms.toFixed(2)} ms\n`);
  await facade.stop();
  await stopAll();
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (file === undefined) throw new Error('no profile written');
  const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { nodes: ProfileNode[] };
  const byBucket = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (node.callFrame.functionName === '(idle)') continue;
    total += hits;
    const key = bucket(node.callFrame.url);
    byBucket.set(key, (byBucket.get(key) ?? 0) + hits);
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${key}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + hits);
  }
  const top = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, hits]) => `${((hits / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
  process.stdout.write(`\nself time by package (busy samples: ${total})\n${top(byBucket, 25).join('\n')}\n`);
  process.stdout.write(
    `\ntop functions\n${top(byFunction, 30).join('\n')}\n\nprofile: ${path.join(dir, file)}\n`,
  );
}

main().catch(async (error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  await stopAll();
  process.exit(1);
});
