/**
 * The schema's federation annotations: every root field and `Identity` field is tagged `public` or `admin`, a
 * contract that excludes `admin` composes with another subgraph and contains no administration surface, and
 * the authorization directives reach the supergraph (where only routers that enforce them may load it).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import {
  Kind,
  getNamedType,
  isAbstractType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  parse,
  type DocumentNode,
  type FieldDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { SCHEMA_DIR } from '../../src/schema';
import { collectTags, excludeTags } from './contract';
import { REVIEWS_TYPE_DEFS, composeSupergraph, orySubgraph, type Subgraph } from './supergraph';

const ory = orySubgraph('http://ory.invalid/graphql');
const reviews: Subgraph = {
  name: 'reviews',
  url: 'http://reviews.invalid/graphql',
  typeDefs: REVIEWS_TYPE_DEFS,
};
const tags = collectTags(ory.typeDefs);

/**
 * The fields of a type across its definitions and extensions, without the federation fields `_service` and
 * `_entities` (the router secret guards those; contracts never show them).
 */
function fieldsOf(typeName: string, typeDefs: DocumentNode = ory.typeDefs): FieldDefinitionNode[] {
  return typeDefs.definitions
    .flatMap((definition) =>
      (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION) &&
      definition.name.value === typeName
        ? [...(definition.fields ?? [])]
        : [],
    )
    .filter((field) => !field.name.value.startsWith('_'));
}

function fieldNamed(
  typeName: string,
  name: string,
  typeDefs: DocumentNode = ory.typeDefs,
): FieldDefinitionNode {
  const found = fieldsOf(typeName, typeDefs).find((candidate) => candidate.name.value === name);
  if (found === undefined) throw new Error(`no field ${typeName}.${name}`);
  return found;
}

function audience(coordinate: string): string[] {
  return [...(tags.get(coordinate) ?? [])].filter((tag) => tag === 'public' || tag === 'admin');
}

/** Root fields declared in schema/admin.graphql: the administration API, by the schema's own layout. */
const adminRootFields = new Set(
  parse(readFileSync(path.join(SCHEMA_DIR, 'admin.graphql'), 'utf8')).definitions.flatMap((definition) =>
    definition.kind === Kind.OBJECT_TYPE_EXTENSION &&
    (definition.name.value === 'Query' || definition.name.value === 'Mutation')
      ? (definition.fields ?? []).map((field) => `${definition.name.value}.${field.name.value}`)
      : [],
  ),
);
const ADMIN_IDENTITY_FIELDS = ['Identity.metadataAdmin', 'Identity.credentials', 'Identity.sessions'];

function directiveNames(field: FieldDefinitionNode): string[] {
  return (field.directives ?? []).map((directive) => directive.name.value);
}

function hasAdminScope(field: FieldDefinitionNode): boolean {
  const scopes = field.directives
    ?.find((directive) => directive.name.value === 'requiresScopes')
    ?.arguments?.find((argument) => argument.name.value === 'scopes')?.value;
  return (
    scopes?.kind === Kind.LIST &&
    scopes.values.length === 1 &&
    scopes.values[0]?.kind === Kind.LIST &&
    scopes.values[0].values.length === 1 &&
    scopes.values[0].values[0]?.kind === Kind.STRING &&
    scopes.values[0].values[0].value === 'ory:admin'
  );
}

/** Every named type reachable from the root operation types (fields, arguments, inputs, possible types). */
function reachableTypes(schema: GraphQLSchema): Set<string> {
  const seen = new Set<string>();
  const queue: GraphQLNamedType[] = [schema.getQueryType(), schema.getMutationType()].flatMap((type) =>
    type ? [type] : [],
  );
  while (queue.length > 0) {
    const type = queue.pop();
    if (type === undefined || seen.has(type.name)) continue;
    seen.add(type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        queue.push(getNamedType(field.type), ...field.args.map((arg) => getNamedType(arg.type)));
      }
      if (isInterfaceType(type)) queue.push(...type.getInterfaces());
    }
    if (isAbstractType(type)) queue.push(...schema.getPossibleTypes(type));
    if (isInputObjectType(type)) {
      queue.push(...Object.values(type.getFields()).map((field) => getNamedType(field.type)));
    }
  }
  return seen;
}

describe('tags', () => {
  it('tags every root field public or admin: admin exactly for the fields of schema/admin.graphql', () => {
    expect(adminRootFields.size).toBeGreaterThan(10);
    for (const root of ['Query', 'Mutation']) {
      for (const field of fieldsOf(root)) {
        const coordinate = `${root}.${field.name.value}`;
        expect([coordinate, audience(coordinate)]).toEqual([
          coordinate,
          [adminRootFields.has(coordinate) ? 'admin' : 'public'],
        ]);
      }
    }
  });

  it('tags every Identity field, admin for the administrator-only ones', () => {
    const fields = fieldsOf('Identity').map((field) => `Identity.${field.name.value}`);
    expect(fields).toEqual(expect.arrayContaining(ADMIN_IDENTITY_FIELDS));
    for (const coordinate of fields) {
      expect([coordinate, audience(coordinate)]).toEqual([
        coordinate,
        [ADMIN_IDENTITY_FIELDS.includes(coordinate) ? 'admin' : 'public'],
      ]);
    }
  });

  it('marks every admin field @authenticated and @requiresScopes(ory:admin), and no public field with a scope', () => {
    for (const type of ['Query', 'Mutation', 'Identity']) {
      for (const field of fieldsOf(type)) {
        const coordinate = `${type}.${field.name.value}`;
        const admin = audience(coordinate).includes('admin');
        expect([coordinate, hasAdminScope(field)]).toEqual([coordinate, admin]);
        if (admin) expect(directiveNames(field)).toContain('authenticated');
        if (!admin) expect(directiveNames(field)).not.toContain('requiresScopes');
      }
    }
  });

  it('marks the fields that need a signed-in caller @authenticated', () => {
    const authenticated = fieldsOf('Query')
      .concat(fieldsOf('Mutation'))
      .filter((field) => directiveNames(field).includes('authenticated') && !hasAdminScope(field))
      .map((field) => field.name.value)
      .sort();
    expect(authenticated).toEqual(
      [
        'mySessions',
        'logoutFlow',
        'settingsFlow',
        'logout',
        'disableMySession',
        'disableMyOtherSessions',
        'createSettingsFlow',
        'updateSettingsFlow',
      ].sort(),
    );
    expect(directiveNames(fieldNamed('Query', 'me'))).not.toContain('authenticated');
  });
});

describe('a contract excluding the admin tag', () => {
  const full = composeSupergraph([ory, reviews]);
  const contract = composeSupergraph([
    { ...ory, typeDefs: excludeTags(ory.typeDefs, new Set(['admin'])) },
    reviews,
  ]);
  const adminCoordinates = [...tags]
    .filter(([, values]) => values.has('admin'))
    .map(([coordinate]) => coordinate);

  it('composes with another subgraph', () => {
    expect(contract.apiSchema.getQueryType()?.getFields().reviews).toBeDefined();
    expect(contract.apiSchema.getType('Identity')).toBeDefined();
  });

  it('contains no admin root field, admin Identity field or admin-only type', () => {
    const query = contract.apiSchema.getQueryType()!.getFields();
    const mutation = contract.apiSchema.getMutationType()!.getFields();
    const identity = contract.apiSchema.getType('Identity');
    if (!isObjectType(identity)) throw new Error('Identity is not an object type');
    expect(adminCoordinates.length).toBeGreaterThan(30);
    for (const coordinate of adminCoordinates) {
      const [typeName = '', fieldName] = coordinate.split(/[.(]/);
      if (fieldName === undefined) {
        expect([coordinate, contract.apiSchema.getType(typeName)]).toEqual([coordinate, undefined]);
      } else if (typeName === 'Query') expect(query[fieldName]).toBeUndefined();
      else if (typeName === 'Mutation') expect(mutation[fieldName]).toBeUndefined();
      else if (typeName === 'Identity') expect(identity.getFields()[fieldName]).toBeUndefined();
    }
    for (const name of ['identity', 'identities', 'session', 'sessions', 'courierMessages']) {
      expect(query[name]).toBeUndefined();
      expect(full.apiSchema.getQueryType()?.getFields()[name]).toBeDefined();
    }
    expect(Object.keys(mutation).filter((name) => adminRootFields.has(`Mutation.${name}`))).toEqual([]);
    expect(Object.keys(identity.getFields())).not.toEqual(expect.arrayContaining(['metadataAdmin']));
  });

  it('keeps every public root field and leaves no type only the admin surface reached', () => {
    const query = Object.keys(contract.apiSchema.getQueryType()!.getFields());
    const publicRoots = fieldsOf('Query').filter(
      (field) => audience(`Query.${field.name.value}`)[0] === 'public',
    );
    expect(query.sort()).toEqual([...publicRoots.map((field) => field.name.value), 'reviews'].sort());
    const reachable = reachableTypes(contract.apiSchema);
    const orphans = Object.keys(contract.apiSchema.getTypeMap()).filter(
      (name) => !name.startsWith('__') && !reachable.has(name) && !['String', 'Boolean'].includes(name),
    );
    expect(orphans).toEqual([]);
  });
});

describe('authorization directives in the supergraph', () => {
  const { supergraphSdl } = composeSupergraph([ory, reviews]);

  it('carries @authenticated and @requiresScopes to the router', () => {
    expect(supergraphSdl).toContain(
      '@link(url: "https://specs.apollo.dev/authenticated/v0.1", for: SECURITY)',
    );
    expect(supergraphSdl).toContain(
      '@link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY)',
    );
    const supergraph = parse(supergraphSdl);
    expect(directiveNames(fieldNamed('Query', 'mySessions', supergraph))).toContain('authenticated');
    expect(hasAdminScope(fieldNamed('Query', 'courierMessages', supergraph))).toBe(true);
    expect(hasAdminScope(fieldNamed('Identity', 'metadataAdmin', supergraph))).toBe(true);
  });

  it('is refused by @apollo/gateway, which cannot enforce them (a gateway composes without them)', async () => {
    const gateway = new ApolloGateway({
      supergraphSdl,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });
    await expect(gateway.load()).rejects.toThrow(/for: SECURITY but is unsupported/);
  });
});
