/**
 * A rule for the whole schema (API contract §5): a field name that appears on several members of a union, or on
 * several implementations of an interface, has the same type everywhere, nullability included. Otherwise a
 * client selecting it on two members gets a validation error ("fields conflict") and needs aliases.
 */
import { isInterfaceType, isObjectType, isUnionType, type GraphQLObjectType } from 'graphql';
import { loadConfig } from '../../src/config';
import { buildSchema } from '../../src/schema';
import { savedTraits } from '../../src/traits/identitySchemas';

const schema = buildSchema(loadConfig({}).jsonLimits, savedTraits());

/** Every group of object types a client may select fields on side by side. */
function siblingGroups(): Array<{ name: string; members: readonly GraphQLObjectType[] }> {
  const groups: Array<{ name: string; members: readonly GraphQLObjectType[] }> = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isUnionType(type)) groups.push({ name: type.name, members: type.getTypes() });
    if (isInterfaceType(type)) {
      groups.push({ name: type.name, members: schema.getImplementations(type).objects });
    }
  }
  return groups;
}

it('gives same-named fields of union members and interface implementations the same type', () => {
  const conflicts: string[] = [];
  for (const group of siblingGroups()) {
    const seen = new Map<string, { type: string; owner: string }>();
    for (const member of group.members) {
      if (!isObjectType(member)) continue;
      for (const field of Object.values(member.getFields())) {
        const type = String(field.type);
        const earlier = seen.get(field.name);
        if (earlier === undefined) seen.set(field.name, { type, owner: member.name });
        else if (earlier.type !== type) {
          conflicts.push(
            `${group.name}: ${earlier.owner}.${field.name}: ${earlier.type} vs ${member.name}.${field.name}: ${type}`,
          );
        }
      }
    }
  }
  expect(conflicts).toEqual([]);
});
