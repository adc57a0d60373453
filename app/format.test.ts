// Tests for the number formatting shown beside measured values.
import { describe, expect, it } from 'vitest';
import { fileStamp, formatAgo, formatBytes, formatDuration, formatError, formatExpiry, formatFigure, formatPercent, formatRatio, formatScore, scoreName } from './format';

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

describe('formatDuration', () => {
  it('uses the two largest adjacent units', () => {
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(300)).toBe('5 min');
    expect(formatDuration(3600)).toBe('1 h');
    expect(formatDuration(5400)).toBe('1 h 30 min');
    expect(formatDuration(3605)).toBe('1 h');
    expect(formatDuration(2 * 86_400 + 3 * 3600 + 59)).toBe('2 d 3 h');
    expect(formatDuration(0.5)).toBe('0.50 s');
  });
  it('refuses nonsense', () => {
    expect(formatDuration(-1)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
  });
});

describe('formatExpiry and formatAgo', () => {
  const now = 1_700_000_000_000;
  it('says when an entry expires', () => {
    expect(formatExpiry(null, now)).toBe('no expiry');
    expect(formatExpiry(now + 300_000, now)).toBe('expires in 5 min');
    expect(formatExpiry(now - 1, now)).toBe('expired');
  });
  it('says how long ago', () => {
    expect(formatAgo(now - 1000, now)).toBe('just now');
    expect(formatAgo(now - 120_000, now)).toBe('2 min ago');
    expect(formatAgo(now + 3_600_000, now)).toBe('in 1 h');
  });
});

describe('formatPercent and fileStamp', () => {
  it('rounds to whole percent', () => {
    expect(formatPercent(0.625)).toBe('63%');
    expect(formatPercent(null)).toBe('—');
  });
  it('stamps local date and time', () => {
    expect(fileStamp(new Date(2026, 0, 5, 9, 7))).toBe('20260105-0907');
  });
});

describe('formatScore', () => {
  it('shows accuracy as a percentage and R² as R², never as a percentage', () => {
    expect(formatScore(0.934, 'accuracy')).toBe('93%');
    expect(formatScore(0.8312, 'r2')).toBe('R² 0.831');
    expect(formatScore(-0.25, 'r2')).toBe('R² -0.250');
    expect(formatScore(0.5, null)).toBe('0.500');
    expect(formatScore(Number.NaN, 'r2')).toBe('—');
    expect(formatScore(null, 'accuracy')).toBe('—');
    expect([scoreName('accuracy'), scoreName('r2'), scoreName(null)]).toEqual(['accuracy', 'R²', 'score']);
  });
});
