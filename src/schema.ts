/**
 * The executable schema: the SDL files of schema/ (listed explicitly, in order) plus the resolver map, built as
 * an Apollo Federation 2 subgraph.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { concatAST, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { resolvers } from './resolvers';
import { scalars, type JsonLimits } from './resolvers/scalars';
import type { TraitsRuntime } from './traits/traitsRuntime';

/** Every SDL file, in the order they are concatenated. A test checks this list against the folder. */
export const SDL_FILES = [
  'base',
  'identity',
  'session',
  'ui',
  'flows',
  'login',
  'registration',
  'recovery',
  'verification',
  'settings',
  'admin',
] as const;

/** schema/ sits next to src/ in the repository and next to dist/src/ in a build (the build copies it). */
export const SCHEMA_DIR = path.join(__dirname, '..', 'schema');

export function loadTypeDefs(): DocumentNode {
  const sdl = SDL_FILES.map((name) => readFileSync(path.join(SCHEMA_DIR, `${name}.graphql`), 'utf8'));
  return parse(sdl.join('\n'));
}

/** The names of the types the SDL files define, which generated types must not take. */
export function staticTypeNames(): string[] {
  return loadTypeDefs().definitions.flatMap((definition) =>
    'name' in definition && definition.name !== undefined ? [definition.name.value] : [],
  );
}

/** The module shape `buildSubgraphSchema` takes (the package exports no name for it). */
export type SubgraphModule = Exclude<
  Extract<Parameters<typeof buildSubgraphSchema>[0], unknown[]>[number],
  DocumentNode
>;

/** Ory's SDL and resolvers, with the typed traits of `traits`, as one subgraph module. */
export function schemaModule(jsonLimits: JsonLimits, traits: TraitsRuntime): SubgraphModule {
  const merged: Record<string, object> = { ...resolvers, ...scalars(jsonLimits) };
  // Typed traits add fields to existing types (`Identity.profile`) and types of their own.
  for (const [type, fields] of Object.entries(traits.resolvers))
    merged[type] = { ...merged[type], ...fields };
  // Codegen types `__resolveReference` as (reference, context, info), which the subgraph helper's loose map
  // cannot express; the shapes agree at run time (the helper reads `__resolveReference` specially).
  const resolverMap = merged as SubgraphModule['resolvers'];
  const typeDefs = traits.typeDefs === null ? loadTypeDefs() : concatAST([loadTypeDefs(), traits.typeDefs]);
  return { typeDefs, resolvers: resolverMap };
}

/** The schema, with the typed traits of `traits` (schema/__generated__/identity-schemas.json, or Ory's). */
export function buildSchema(jsonLimits: JsonLimits, traits: TraitsRuntime): GraphQLSchema {
  return buildSubgraphSchema([schemaModule(jsonLimits, traits)]);
}
