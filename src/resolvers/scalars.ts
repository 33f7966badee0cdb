import { DateTimeResolver, JSONObjectResolver, JSONResolver } from 'graphql-scalars';

export const scalars = {
  DateTime: DateTimeResolver,
  JSON: JSONResolver,
  JSONObject: JSONObjectResolver,
};
