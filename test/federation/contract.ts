/**
 * A contract filter as GraphOS applies one before composition: every schema element carrying an excluded
 * `@tag` (its own, or its type's for fields, arguments and enum values) becomes `@inaccessible`. Enough to check
 * that ory-graphql's public variant composes and what it contains; not a reimplementation of every GraphOS rule.
 */
import {
  Kind,
  isTypeDefinitionNode,
  isTypeExtensionNode,
  visit,
  type ConstDirectiveNode,
  type DocumentNode,
  type EnumValueDefinitionNode,
  type FieldDefinitionNode,
  type InputValueDefinitionNode,
} from 'graphql';

/** Schema coordinates (`Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`) mapped to their tags. */
export type TagMap = Map<string, Set<string>>;

function tagsOf(node: { directives?: readonly ConstDirectiveNode[] }, tagDirective: string): string[] {
  return (node.directives ?? []).flatMap((directive) => {
    if (directive.name.value !== tagDirective) return [];
    const name = directive.arguments?.find((argument) => argument.name.value === 'name')?.value;
    return name?.kind === Kind.STRING ? [name.value] : [];
  });
}

/** The local name of a federation directive: imported names are bare, the others `federation__`-prefixed. */
export function federationDirectiveName(typeDefs: DocumentNode, name: string): string {
  const imports = new Set<string>();
  visit(typeDefs, {
    Directive(node) {
      if (node.name.value !== 'link') return;
      const list = node.arguments?.find((argument) => argument.name.value === 'import')?.value;
      if (list?.kind !== Kind.LIST) return;
      for (const value of list.values) if (value.kind === Kind.STRING) imports.add(value.value);
    },
  });
  return imports.has(`@${name}`) ? name : `federation__${name}`;
}

/** Every tagged coordinate of a subgraph, with type tags inherited by fields, arguments and enum values. */
export function collectTags(typeDefs: DocumentNode): TagMap {
  const tag = federationDirectiveName(typeDefs, 'tag');
  const map: TagMap = new Map();
  const add = (coordinate: string, tags: Iterable<string>): void => {
    const set = map.get(coordinate) ?? new Set<string>();
    for (const value of tags) set.add(value);
    if (set.size > 0) map.set(coordinate, set);
  };
  for (const definition of typeDefs.definitions) {
    if (!isTypeDefinitionNode(definition) && !isTypeExtensionNode(definition)) continue;
    const typeName = definition.name.value;
    const typeTags = tagsOf(definition, tag);
    add(typeName, typeTags);
    const members: ReadonlyArray<FieldDefinitionNode | InputValueDefinitionNode | EnumValueDefinitionNode> =
      'fields' in definition
        ? (definition.fields ?? [])
        : 'values' in definition
          ? (definition.values ?? [])
          : [];
    for (const member of members) {
      const coordinate = `${typeName}.${member.name.value}`;
      add(coordinate, [...typeTags, ...tagsOf(member, tag)]);
      if (member.kind === Kind.FIELD_DEFINITION) {
        for (const argument of member.arguments ?? []) {
          add(`${coordinate}(${argument.name.value}:)`, [
            ...typeTags,
            ...tagsOf(member, tag),
            ...tagsOf(argument, tag),
          ]);
        }
      }
    }
  }
  return map;
}

/** The subgraph with `@inaccessible` on every element that carries one of `excluded`. */
export function excludeTags(typeDefs: DocumentNode, excluded: ReadonlySet<string>): DocumentNode {
  const tags = collectTags(typeDefs);
  const inaccessible: ConstDirectiveNode = {
    kind: Kind.DIRECTIVE,
    name: { kind: Kind.NAME, value: federationDirectiveName(typeDefs, 'inaccessible') },
  };
  const hidden = (coordinate: string): boolean =>
    [...(tags.get(coordinate) ?? [])].some((value) => excluded.has(value));
  const mark = <T extends { directives?: readonly ConstDirectiveNode[] }>(node: T, coordinate: string): T =>
    hidden(coordinate) ? { ...node, directives: [...(node.directives ?? []), inaccessible] } : node;

  const typeNames: string[] = [];
  const fieldNames: string[] = [];
  const current = (): string => typeNames[typeNames.length - 1] ?? '';
  const typeVisitor = {
    enter: (node: { name: { value: string } }) => void typeNames.push(node.name.value),
    // A type-level exclusion marks the type once; its members need no mark of their own.
    leave: <T extends { directives?: readonly ConstDirectiveNode[]; name: { value: string } }>(
      node: T,
    ): T => {
      typeNames.pop();
      return mark(node, node.name.value);
    },
  };
  const typeHidden = (): boolean => hidden(current());

  return visit(typeDefs, {
    ObjectTypeDefinition: typeVisitor,
    ObjectTypeExtension: typeVisitor,
    InterfaceTypeDefinition: typeVisitor,
    InputObjectTypeDefinition: typeVisitor,
    EnumTypeDefinition: typeVisitor,
    UnionTypeDefinition: typeVisitor,
    ScalarTypeDefinition: typeVisitor,
    FieldDefinition: {
      enter: (node) => void fieldNames.push(node.name.value),
      leave: (node) => {
        fieldNames.pop();
        return typeHidden() ? node : mark(node, `${current()}.${node.name.value}`);
      },
    },
    InputValueDefinition(node) {
      const field = fieldNames[fieldNames.length - 1];
      const coordinate =
        field === undefined
          ? `${current()}.${node.name.value}`
          : `${current()}.${field}(${node.name.value}:)`;
      // Arguments of a hidden field go with it.
      if (typeHidden() || (field !== undefined && hidden(`${current()}.${field}`))) return node;
      return mark(node, coordinate);
    },
    EnumValueDefinition(node) {
      return typeHidden() ? node : mark(node, `${current()}.${node.name.value}`);
    },
  });
}
