import i18next from 'i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { formatBytes, formatDuration } from './format';

afterEach(async () => {
  await i18next.changeLanguage('en');
});

describe('durations and sizes', () => {
  it('read in English units with a decimal point', () => {
    expect(formatDuration(840)).toBe('840 ms');
    expect(formatDuration(1500)).toBe('1.50 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
  });

  it('read in Russian units with a decimal comma in the Russian UI', async () => {
    await i18next.changeLanguage('ru');
    expect(formatDuration(840)).toBe('840 мс');
    expect(formatDuration(1500)).toBe('1,50 с');
    expect(formatDuration(5000)).toBe('5,00 с');
    expect(formatDuration(125_000)).toBe('2 мин 5 с');
    expect(formatBytes(512)).toBe('512 Б');
    expect(formatBytes(1536)).toBe('1,5 КБ');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5,0 МБ');
  });
});
