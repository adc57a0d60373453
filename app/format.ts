// Number formatting for measured values: bytes in binary units, figures to a few significant digits.

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 2 : value < 100 ? 1 : 0)} ${BYTE_UNITS[unit]}`;
}

/** A figure to `digits` significant digits, with thousands separators and no exponent for everyday sizes. */
export function formatFigure(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  if (magnitude < -6) return value.toExponential(digits - 1);
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** A ratio as "1.85×". */
export function formatRatio(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : `${formatFigure(value, 3)}×`;
}

export function formatError(value: number): string {
  if (Number.isNaN(value)) return '—';
  if (value === 0) return '0';
  return value.toExponential(2);
}

const DURATION_UNITS: readonly [number, string][] = [
  [86_400, 'd'],
  [3_600, 'h'],
  [60, 'min'],
  [1, 's'],
];

/** A span of seconds in its two largest units: "45 s", "5 min", "1 h 30 min", "2 d 3 h". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 1) return `${formatFigure(seconds, 2)} s`;
  let rest = Math.round(seconds);
  const parts: string[] = [];
  for (const [size, unit] of DURATION_UNITS) {
    if (rest >= size && parts.length < 2) {
      parts.push(`${Math.floor(rest / size)} ${unit}`);
      rest %= size;
    } else if (parts.length > 0) {
      // Two adjacent units at most: "1 h 0 min 5 s" would be noise, so stop after the unit below the first.
      break;
    }
  }
  return parts.join(' ');
}

/** When an entry expires, relative to `now` (both ms since the epoch): "expires in 5 min", "expired", "no expiry". */
export function formatExpiry(expiresAt: number | null, now: number): string {
  if (expiresAt === null) return 'no expiry';
  const left = (expiresAt - now) / 1000;
  return left <= 0 ? 'expired' : `expires in ${formatDuration(left)}`;
}

/** A moment relative to `now`: "just now", "5 min ago", "in 2 h". */
export function formatAgo(when: number, now: number): string {
  const seconds = (now - when) / 1000;
  if (Math.abs(seconds) < 5) return 'just now';
  return seconds > 0 ? `${formatDuration(seconds)} ago` : `in ${formatDuration(-seconds)}`;
}

/** A fraction as a whole percentage: 0.625 → "63%". */
export function formatPercent(fraction: number | null | undefined): string {
  return fraction === null || fraction === undefined || !Number.isFinite(fraction) ? '—' : `${Math.round(fraction * 100)}%`;
}

/** Which score a figure is: a classifier's accuracy (a fraction) or a regression model's R²; null when not recorded (versions saved before it was). */
export type Metric = 'accuracy' | 'r2' | null;

/** The name of a score for labels and headings: "accuracy", "R²", or "score" when not recorded. */
export function scoreName(metric: Metric): string {
  return metric === 'r2' ? 'R²' : metric === 'accuracy' ? 'accuracy' : 'score';
}

/** A score as shown: accuracy as a percentage ("93%"), R² as a number named R² ("R² 0.830"), an unrecorded metric as a plain number. */
export function formatScore(value: number | null | undefined, metric: Metric): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (metric === 'accuracy') return formatPercent(value);
  const n = value.toFixed(3);
  return metric === 'r2' ? `R² ${n}` : n;
}

/** Local date and time for file names: "20261125-1042". */
const two = (n: number) => String(n).padStart(2, '0');

export function fileStamp(date: Date): string {
  return `${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}-${two(date.getHours())}${two(date.getMinutes())}`;
}
