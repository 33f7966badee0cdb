/**
 * Scalars. `JSON` and `JSONObject` are graphql-scalars' own, bounded: a client-supplied JSON value (traits,
 * metadata, transient payloads, patch values) deeper or larger than the configured limits is refused while it is
 * parsed, before any resolver runs. Without a bound, a value nested a few thousand levels deep passes the body
 * parser and then overflows the stack wherever it is serialised or walked.
 */
import { GraphQLError, GraphQLScalarType, type ValueNode } from 'graphql';
import { DateTimeResolver, JSONObjectResolver, JSONResolver } from 'graphql-scalars';
import { ErrorCode } from '../errors';

export interface JsonLimits {
  /** Nesting levels of arrays and objects (a flat object is depth 1). */
  maxDepth: number;
  /** Values in all (every object member and array item, nested ones included). */
  maxValues: number;
}

/**
 * Walks a value without recursion (so the check itself cannot overflow) and returns what is wrong with it, or
 * `null`. Stops at the first violation: a hostile value costs at most `maxValues` steps.
 */
export function jsonViolation(value: unknown, limits: JsonLimits): string | null {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  let values = 0;
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > limits.maxDepth) return `JSON values may be nested at most ${limits.maxDepth} levels deep.`;
    const children: unknown[] = Array.isArray(next.value) ? next.value : Object.values(next.value);
    values += children.length;
    if (values > limits.maxValues) return `JSON values may hold at most ${limits.maxValues} values in all.`;
    for (const child of children) pending.push({ value: child, depth });
  }
  return null;
}

function bounded(base: GraphQLScalarType, limits: JsonLimits): GraphQLScalarType {
  const check = (value: unknown, nodes?: ValueNode): unknown => {
    const violation = jsonViolation(value, limits);
    if (violation !== null) {
      throw new GraphQLError(violation, { nodes, extensions: { code: ErrorCode.BAD_USER_INPUT } });
    }
    return value;
  };
  const config = base.toConfig();
  return new GraphQLScalarType({
    ...config,
    parseValue: (value) => check(config.parseValue(value)),
    parseLiteral: (node, variables) => check(config.parseLiteral(node, variables), node),
  });
}

export function scalars(limits: JsonLimits) {
  return {
    DateTime: DateTimeResolver,
    JSON: bounded(JSONResolver, limits),
    JSONObject: bounded(JSONObjectResolver, limits),
  };
}
