/**
 * JSON-schema formats checked the way ory/jsonschema (Go) checks them, where ajv-formats differs:
 * Go accepts `a@localhost` (no dot needed) and applies RFC 5322 rules to the local part.
 */

const LOCAL_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const QUOTED_LOCAL = /^"([^"\\\r\n]|\\.)*"$/;
const HOST_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isGoHostname(value: string): boolean {
  const host = value.endsWith('.') ? value.slice(0, -1) : value;
  if (host.length === 0 || host.length > 253) return false;
  return host.split('.').every((label) => HOST_LABEL.test(label));
}

/** ory/jsonschema `isEmail`: length limits, hostname domain (or bracketed IP), RFC 5322 local part. */
export function isGoEmail(value: string): boolean {
  if (Buffer.byteLength(value, 'utf8') > 254) return false;
  const at = value.lastIndexOf('@');
  if (at <= 0) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (Buffer.byteLength(local, 'utf8') > 64) return false;
  if (domain.startsWith('[') && domain.endsWith(']')) {
    const ip = domain.slice(1, -1);
    return ip.startsWith('IPv6:') ? ip.length > 5 : IPV4.test(ip);
  }
  if (!isGoHostname(domain)) return false;
  return LOCAL_ATOM.test(local) || QUOTED_LOCAL.test(local);
}

/** Go's `%v` for a float64 (`strconv.FormatFloat(f, 'g', -1, 64)`): `1e+06`, `2.5`, `100000`. */
export function goFloat(value: number): string {
  if (!Number.isFinite(value) || value === 0) return String(value);
  const [mantissa = '0', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return String(value);
}

/** Go's `%q` of a string (close to JSON quoting for the printable range). */
export function goQuote(value: string): string {
  return JSON.stringify(value).replace(
    /[\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
