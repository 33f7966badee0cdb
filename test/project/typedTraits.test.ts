/**
 * Typed traits generation: the committed SDL matches the saved identity schemas, and identity schemas GraphQL
 * cannot express one to one (keys that are not GraphQL names, lists of objects, nullable types, `$ref`s, names
 * that collide) still give a valid schema whose inputs map back to Ory's keys.
 */
import { readFileSync } from 'node:fs';
import { buildSchema as buildSdlSchema, printSchema } from 'graphql';
import { loadConfig } from '../../src/config';
import { buildSchema, staticTypeNames } from '../../src/schema';
import { readSavedIdentitySchemas, traitsRuntimeFor } from '../../src/traits/identitySchemas';
import { TRAITS_SDL_FILE, traitsSdlFile } from '../../src/traits/saveTraits';
import { buildTraitsModel } from '../../src/traits/traitsModel';

const AWKWARD = {
  type: 'object',
  properties: {
    traits: {
      type: 'object',
      required: ['first-name'],
      properties: {
        'first-name': { type: 'string', title: 'First name' },
        '2fa': { type: 'boolean' },
        nickname: { type: ['string', 'null'] },
        age: { type: 'integer' },
        score: { type: 'number' },
        addresses: {
          type: 'array',
          items: { type: 'object', properties: { city: { type: 'string' }, 'zip code': { type: 'string' } } },
        },
        tags: { type: 'array', items: { type: 'string' } },
        linked: { $ref: '#/definitions/other' },
        settings: { type: 'object' },
      },
    },
  },
};

it('keeps schema/__generated__/traits.graphql in step with the saved identity schemas (npm run schema:traits)', () => {
  expect(readFileSync(TRAITS_SDL_FILE, 'utf8')).toBe(traitsSdlFile(readSavedIdentitySchemas()));
});

it('types awkward identity schemas without losing a trait, and maps inputs back to Ory keys', () => {
  const schemas = [
    { id: 'a-b', schema: AWKWARD },
    { id: 'a_b', schema: AWKWARD },
    { id: 'no-traits', schema: { type: 'object', properties: {} } },
  ];
  const model = buildTraitsModel(schemas, staticTypeNames());
  expect(model.schemas.map((schema) => [schema.id, schema.root.typeName, schema.inputKey])).toEqual([
    ['a_b', 'ABTraits', 'aB'],
    ['a-b', 'ABTraits2', 'aB2'],
  ]);
  const runtime = traitsRuntimeFor(schemas);
  const schema = buildSchema(loadConfig({}).jsonLimits, runtime);
  const printed = printSchema(schema);
  // The executable schema is valid SDL again, and every trait has a field of the right type.
  expect(() => buildSdlSchema(printed, { assumeValidSDL: true })).not.toThrow();
  const type = schema.getType('ABTraits');
  const fields = type !== undefined && 'getFields' in type ? type.getFields() : {};
  expect(
    Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, String(field.type)])),
  ).toEqual({
    first_name: 'String!',
    field_2fa: 'Boolean',
    nickname: 'String',
    age: 'Int',
    score: 'Float',
    addresses: '[ABTraitsAddressesItem!]',
    tags: '[String!]',
    linked: 'JSON',
    settings: 'JSON',
  });
  expect(
    runtime.traitsOf(
      { profile: { aB2: { first_name: 'Ada', addresses: [{ city: 'Paris', zip_code: '75001' }] } } },
      'password',
    ),
  ).toEqual({ 'first-name': 'Ada', addresses: [{ city: 'Paris', 'zip code': '75001' }] });
});
