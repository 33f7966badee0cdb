/**
 * gofrs/uuid `FromString` as Kratos' admin handlers use it: canonical, 32-hex, `{...}` and
 * `urn:uuid:` forms are accepted; failures carry the library's error text, which Kratos puts into
 * the error `message` (`herodot.ErrBadRequest.WithError(err.Error())`).
 */
export type UuidParse =
  { readonly ok: true; readonly id: string } | { readonly ok: false; readonly error: string };

const HEX32 = /^[0-9a-f]{32}$/i;
const CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function formatError(text: string): UuidParse {
  return { ok: false, error: `uuid: incorrect UUID format in string ${JSON.stringify(text)}` };
}

function fromHex(hex: string): string {
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function parseGoUuid(value: string): UuidParse {
  const length = Buffer.byteLength(value, 'utf8');
  switch (length) {
    case 32:
      return HEX32.test(value) ? { ok: true, id: fromHex(value) } : formatError(value);
    case 34:
    case 38:
      if (!value.startsWith('{') || !value.endsWith('}')) return formatError(value);
      return parseGoUuid(value.slice(1, -1));
    case 36:
      return CANONICAL.test(value) ? { ok: true, id: value.toLowerCase() } : formatError(value);
    case 41:
    case 45:
      if (!value.startsWith('urn:uuid:')) return formatError(value.slice(0, 9));
      return parseGoUuid(value.slice(9));
    default:
      return { ok: false, error: `uuid: incorrect UUID length ${length} in string ${JSON.stringify(value)}` };
  }
}
