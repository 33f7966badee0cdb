/** Ory's and the servers' JSON answers, read field by field as they come (the benchmark checks, it does not type). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped JSON from the wire
export type Json = any;
