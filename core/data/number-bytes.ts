// Decimal numbers straight from UTF-8 bytes, without making a string per cell: exact (Clinger's fast path, else Number() of the text).

/** Powers of ten that a double holds exactly (10^0 … 10^22). */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** ASCII bytes as a string (only called on bytes already known to be ASCII digits, signs, dots and exponents). */
function ascii(b: Uint8Array, s: number, e: number): string {
  let out = '';
  for (let i = s; i < e; i++) out += String.fromCharCode(b[i]);
  return out;
}

/**
 * The number written in bytes [s, e) if they are a plain decimal (what /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/
 * accepts: no spaces, hex, Infinity or NaN), else undefined. The value equals Number(text) bit for bit: with at
 * most 15 significant digits and a power of ten up to 22 both factors are exact doubles and one IEEE multiply or
 * divide rounds correctly; anything longer goes through Number().
 */
export function parseDecimal(b: Uint8Array, s: number, e: number): number | undefined {
  let i = s;
  let neg = false;
  if (i < e && (b[i] === 43 || b[i] === 45)) {
    neg = b[i] === 45;
    i++;
  }
  let mant = 0;
  let sig = 0;
  let scale = 0;
  let digits = 0;
  while (i < e && isDigit(b[i])) {
    const d = b[i] - 48;
    if (sig > 0 || d !== 0) {
      if (sig < 16) mant = mant * 10 + d;
      else scale++;
      sig++;
    }
    digits++;
    i++;
  }
  if (i < e && b[i] === 46) {
    i++;
    while (i < e && isDigit(b[i])) {
      const d = b[i] - 48;
      if (sig > 0 || d !== 0) {
        if (sig < 16) {
          mant = mant * 10 + d;
          scale--;
        }
        sig++;
      } else scale--;
      digits++;
      i++;
    }
  }
  if (digits === 0) return undefined;
  let exp = 0;
  if (i < e && (b[i] === 101 || b[i] === 69)) {
    i++;
    let eneg = false;
    if (i < e && (b[i] === 43 || b[i] === 45)) {
      eneg = b[i] === 45;
      i++;
    }
    const from = i;
    while (i < e && isDigit(b[i])) {
      if (exp < 100_000) exp = exp * 10 + (b[i] - 48);
      i++;
    }
    if (i === from) return undefined;
    if (eneg) exp = -exp;
  }
  if (i !== e) return undefined;
  const p = scale + exp;
  if (sig <= 15) {
    let v: number | undefined;
    if (mant === 0) v = 0;
    else if (p >= 0 && p <= 22) v = mant * POW10[p];
    else if (p < 0 && p >= -22) v = mant / POW10[-p];
    if (v !== undefined) return neg ? -v : v;
  }
  return Number(ascii(b, s, e));
}
