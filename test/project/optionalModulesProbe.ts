/**
 * Run by optionalModules.test.ts in a process of its own (jest's module registry is not Node's): builds the
 * facade as library mode does, from this process's environment, and prints which optional packages got loaded.
 */
import { createOryGraphQL, loadConfig, withOry } from '../../src';

const OPTIONAL = ['@opentelemetry/', 'ioredis', 'prom-client'];

async function main(): Promise<void> {
  const ory = await createOryGraphQL(
    withOry(loadConfig(process.env), { publicUrl: 'http://127.0.0.1:9', adminUrl: 'http://127.0.0.1:9' }),
  );
  const loaded = OPTIONAL.filter((name) =>
    Object.keys(require.cache).some((file) => file.includes(`/node_modules/${name}`)),
  );
  await ory.close();
  process.stdout.write(`LOADED ${JSON.stringify(loaded)}\n`);
}

void main();
