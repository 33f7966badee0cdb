/**
 * Kratos' default password policy (`selfservice/strategy/password/validator.go` and the bcrypt
 * hasher's length limit), with `haveibeenpwned_enabled: false` as in the §11 config:
 * - at least `min_password_length` (8) bytes → 4000032;
 * - at most 72 bytes (bcrypt truncates beyond) → 4000033, checked when hashing, before traits;
 * - not "too similar" to an identifier (case-insensitive): Levenshtein distance < 5, or the longest
 *   common substring longer than half the password → 4000031.
 */
import { PASSWORD_MAX_BYTES, PASSWORD_MIN_LENGTH } from '../options';
import { messages, type UiText } from '../text/messages';

const MIN_IDENTIFIER_DISTANCE = 5;
const MAX_SUBSTRING_RATIO = 0.5;

/** github.com/arbovm/levenshtein on runes. */
export function levenshtein(a: string, b: string): number {
  const s = Array.from(a); // runes, like Go
  const t = Array.from(b);
  if (s.length === 0) return t.length;
  if (t.length === 0) return s.length;
  let previous = Array.from({ length: t.length + 1 }, (_, i) => i);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[t.length] ?? 0;
}

/** Runes with their UTF-8 byte offsets, like Go's `for i, r := range s`. */
function runesWithOffsets(value: string): { offset: number; rune: string }[] {
  const out: { offset: number; rune: string }[] = [];
  let offset = 0;
  for (const rune of value) {
    out.push({ offset, rune });
    offset += Buffer.byteLength(rune, 'utf8');
  }
  return out;
}

/** Kratos' `lcsLength` (longest common substring), including its byte-indexed table. */
export function longestCommonSubstring(a: string, b: string): number {
  const bBytes = Buffer.byteLength(b, 'utf8');
  const lengths = new Int32Array(Buffer.byteLength(a, 'utf8') * bBytes);
  let greatest = 0;
  const runesB = runesWithOffsets(b);
  for (const { offset: i, rune: x } of runesWithOffsets(a)) {
    for (const { offset: j, rune: y } of runesB) {
      if (x !== y) continue;
      const current = i !== 0 && j !== 0 ? (lengths[(i - 1) * bBytes + j - 1] ?? 0) + 1 : 1;
      if (current > greatest) greatest = current;
      lengths[i * bBytes + j] = current;
    }
  }
  return greatest;
}

/** The bcrypt limit, applied when the password is hashed. */
export function passwordTooLong(password: string): UiText | undefined {
  const bytes = Buffer.byteLength(password, 'utf8');
  return bytes > PASSWORD_MAX_BYTES ? messages.passwordMaxLength(PASSWORD_MAX_BYTES, bytes) : undefined;
}

/** `DefaultPasswordValidator.Validate` for one identifier. */
export function passwordPolicyViolation(identifier: string, password: string): UiText | undefined {
  const bytes = Buffer.byteLength(password, 'utf8');
  if (bytes < PASSWORD_MIN_LENGTH) return messages.passwordMinLength(PASSWORD_MIN_LENGTH, bytes);
  if (identifier.length > 0) {
    const id = identifier.toLowerCase();
    const pw = password.toLowerCase();
    const ratio = longestCommonSubstring(id, pw) / Buffer.byteLength(pw, 'utf8');
    if (levenshtein(id, pw) < MIN_IDENTIFIER_DISTANCE || ratio > MAX_SUBSTRING_RATIO) {
      return messages.passwordTooSimilar();
    }
  }
  return undefined;
}
