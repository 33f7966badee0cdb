/**
 * GraphQL Code Generator's client preset, run as a frontend build runs it (the codegen CLI: its programmatic API
 * is ESM-only, out of jest's reach), over the facade's schema and test/clients/operations.graphql. Writes the
 * generated files to `<work>/gql/`.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { printSchema } from 'graphql';
import { loadConfig } from '../../src/config';
import { buildSchema } from '../../src/schema';
import { savedTraits } from '../../src/traits/identitySchemas';

const ROOT = path.resolve(__dirname, '..', '..');

export function runClientPreset(
  work: string,
  presetConfig: Record<string, unknown>,
  config: Record<string, unknown> = {},
): void {
  const schemaFile = path.join(work, 'schema.graphql');
  writeFileSync(schemaFile, printSchema(buildSchema(loadConfig({}).jsonLimits, savedTraits())));
  const codegenConfig = path.join(work, 'codegen.yml');
  writeFileSync(
    codegenConfig,
    JSON.stringify({
      schema: schemaFile,
      documents: path.join(ROOT, 'test', 'clients', 'operations.graphql'),
      generates: { [`${path.join(work, 'gql')}/`]: { preset: 'client', presetConfig, config } },
    }),
  );
  const codegen = path.join(ROOT, 'node_modules', '@graphql-codegen', 'cli', 'cjs', 'bin.js');
  execFileSync(process.execPath, [codegen, '--config', codegenConfig], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}
