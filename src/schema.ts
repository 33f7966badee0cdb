/**
 * The executable schema: the SDL files of schema/ (listed explicitly, in order) plus the resolver map, built as
 * an Apollo Federation 2 subgraph.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { resolvers } from './resolvers';
import { scalars, type JsonLimits } from './resolvers/scalars';

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

/** The module shape `buildSubgraphSchema` takes (the package exports no name for it). */
type SubgraphModule = Exclude<
  Extract<Parameters<typeof buildSubgraphSchema>[0], unknown[]>[number],
  DocumentNode
>;

export function buildSchema(jsonLimits: JsonLimits): GraphQLSchema {
  // Codegen types `__resolveReference` as (reference, context, info), which the subgraph helper's loose map
  // cannot express; the shapes agree at run time (the helper reads `__resolveReference` specially).
  const resolverMap = { ...resolvers, ...scalars(jsonLimits) } as SubgraphModule['resolvers'];
  return buildSubgraphSchema([{ typeDefs: loadTypeDefs(), resolvers: resolverMap }]);
}
