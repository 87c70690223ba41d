import { describe, expect, it } from 'vitest';
import { BODY_PREVIEW_LENGTH } from '../contract/index.js';
import { newProcess } from '../store/contract-suite/fixtures.js';
import { bodyPreview } from './body-preview.js';
import { summarize } from './record.js';

describe('body preview in the process list', () => {
  it('shows a form submission as its fields on one line', () => {
    expect(bodyPreview({ name: 'Jane Doe', email: 'jane@example.com', consent: true, tags: ['a', 'b'] })).toBe(
      'name: Jane Doe · email: jane@example.com · consent: true · tags: ["a","b"]',
    );
  });

  it('folds line breaks, tabs and control characters of a text body into single spaces', () => {
    expect(bodyPreview('  first line\r\n\tsecond\u0000line  ')).toBe('first line second line');
    expect(bodyPreview({ message: 'Hello\nworld' })).toBe('message: Hello world');
  });

  it(`cuts a long body at ${BODY_PREVIEW_LENGTH} characters with an ellipsis`, () => {
    const preview = bodyPreview({ message: 'word '.repeat(100_000) });
    expect(preview?.length).toBeLessThanOrEqual(BODY_PREVIEW_LENGTH);
    expect(preview?.endsWith('…')).toBe(true);
    expect(bodyPreview('x'.repeat(BODY_PREVIEW_LENGTH))).toBe('x'.repeat(BODY_PREVIEW_LENGTH));
  });

  it('has no preview for a request without a body', () => {
    expect(bodyPreview(null)).toBeNull();
    expect(bodyPreview(undefined)).toBeNull();
    expect(bodyPreview('   ')).toBeNull();
    expect(bodyPreview(42)).toBe('42');
  });

  it('is part of every list item and shows the recorded body, secrets already masked', () => {
    const record = { ...newProcess(), statusTokenHash: undefined, input: undefined };
    record.request.body = { email: 'jane@example.com', token: '[secret]' };
    const summary = summarize(record);
    expect(summary.bodyPreview).toBe('email: jane@example.com · token: [secret]');
    expect(summary).not.toHaveProperty('logs');
  });
});
