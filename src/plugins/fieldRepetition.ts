/**
 * A validation rule against field duplication (`{ __typename __typename ... }` 500 times): GraphQL merges
 * repeated fields, so the answer is small, but the server still validates and merges every copy. Legitimate
 * documents repeat a field a few times at most (through fragments); this refuses more than `limit` copies of
 * one response key in one selection set, with a message that does not state the limit.
 */
import { GraphQLError, Kind, type ValidationRule } from 'graphql';

export function maxFieldRepetitions(limit: number): ValidationRule {
  return (context) => {
    let reported = false;
    return {
      SelectionSet(node) {
        if (reported) return;
        const counts = new Map<string, number>();
        for (const selection of node.selections) {
          if (selection.kind !== Kind.FIELD) continue;
          const key = selection.alias?.value ?? selection.name.value;
          const count = (counts.get(key) ?? 0) + 1;
          counts.set(key, count);
          if (count > limit) {
            reported = true;
            context.reportError(
              new GraphQLError('The operation repeats a field too often.', { nodes: [selection] }),
            );
            return;
          }
        }
      },
    };
  };
}
