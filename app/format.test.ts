// Tests for the number formatting shown beside measured values.
import { describe, expect, it } from 'vitest';
import { formatBytes, formatError, formatFigure, formatRatio } from './format';

describe('formatBytes', () => {
  it('uses binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(300 * 1024 * 1024)).toBe('300 MiB');
  });
  it('refuses nonsense', () => {
    expect(formatBytes(Number.NaN)).toBe('—');
    expect(formatBytes(-1)).toBe('—');
  });
});

describe('formatFigure', () => {
  it('keeps three significant digits', () => {
    expect(formatFigure(36.123)).toBe('36.1');
    expect(formatFigure(0.012345)).toBe('0.0123');
    expect(formatFigure(11800)).toBe('11,800');
    expect(formatFigure(null)).toBe('—');
  });
  it('formats ratios and errors', () => {
    expect(formatRatio(1.8512)).toBe('1.85×');
    expect(formatRatio(null)).toBe('—');
    expect(formatError(0)).toBe('0');
    expect(formatError(1.234e-6)).toBe('1.23e-6');
  });
});
