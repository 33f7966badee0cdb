/**
 * Argument checks that run before any Ory call: ids are validated before they become part of an Ory URL, so a
 * malformed id costs no upstream call and cannot smuggle path segments or query parameters.
 */
import { badInput } from '../errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Identity schema ids are free-form in Ory (`default`, `preset://email`, hashes): printable ASCII only. */
const SCHEMA_ID = /^[\x21-\x7e]{1,256}$/;

/** Returns the id if it is a UUID (Ory's flow, identity and session ids), else a BAD_USER_INPUT error. */
export function requireUuid(value: string, field: string): string {
  if (!UUID.test(value)) throw badInput(`${field} must be a UUID.`, field);
  return value.toLowerCase();
}

export function requireSchemaId(value: string, field: string): string {
  if (!SCHEMA_ID.test(value)) throw badInput(`${field} must be 1 to 256 printable characters.`, field);
  return value;
}
