/**
 * The committed subgraph SDL (schema/__generated__/subgraph.graphql, for `rover subgraph check` and registries)
 * is current, and lies outside what src/schema.ts and codegen read.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SUBGRAPH_SDL_FILE, servedSubgraphSdl, subgraphSdlFile } from '../../src/printSubgraphSchema';
import { SCHEMA_DIR, SDL_FILES } from '../../src/schema';

it('is current (run `npm run schema:print` after changing schema/*.graphql)', () => {
  expect(readFileSync(SUBGRAPH_SDL_FILE, 'utf8')).toBe(subgraphSdlFile());
  expect(subgraphSdlFile()).toContain(servedSubgraphSdl());
});

it('is not one of the SDL sources: outside schema/*.graphql and the explicit list', () => {
  expect(path.dirname(path.dirname(SUBGRAPH_SDL_FILE))).toBe(SCHEMA_DIR);
  expect(SDL_FILES.map(String)).not.toContain('subgraph');
});
