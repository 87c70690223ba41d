import { describe, expect, it } from 'vitest';
import { NO_REDACTION, SECRET_MASK, base64Core, createRedactor, encodedForms } from './redact.js';

const SECRET = 'tok_3x4mple/Sécret+key=?&"\\';
const redactor = createRedactor([SECRET]);

/** Asserts that `text` held the secret in some form and that nothing of it survives redaction. */
function expectMasked(text: string) {
  const out = redactor.text(text);
  expect(out).toContain(SECRET_MASK);
  for (const form of encodedForms(SECRET)) expect(out).not.toContain(form);
  return out;
}

describe('secret redaction', () => {
  it('masks the raw value wherever it appears', () => {
    expect(redactor.text(`a ${SECRET} b ${SECRET}`)).toBe(`a ${SECRET_MASK} b ${SECRET_MASK}`);
  });

  it('masks base64 and URL-safe base64 of the value at every byte alignment inside a longer encoded text', () => {
    for (const prefix of ['', 'a', 'ab', 'abc', 'user:', 'xy:']) {
      for (const suffix of ['', '!', '!!', '!!!']) {
        const encoded = Buffer.from(`${prefix}${SECRET}${suffix}`, 'utf8');
        expectMasked(`Authorization: Basic ${encoded.toString('base64')}`);
        expectMasked(`token=${encoded.toString('base64url')}`);
      }
    }
  });

  it('masks the value as btoa would give it, padding included', () => {
    const plain = 'abcdefgh12';
    const r = createRedactor([plain]);
    expect(r.text(`x ${Buffer.from(plain).toString('base64')} y`)).toBe(`x ${SECRET_MASK} y`);
  });

  it('masks URL-encoded forms: encodeURIComponent, form "+" spaces, RFC 3986, lower-case escapes', () => {
    const spaced = 'pass word!(1)*~';
    const r = createRedactor([spaced]);
    const forms = [
      encodeURIComponent(spaced),
      encodeURIComponent(spaced).replace(/%20/g, '+'),
      new URLSearchParams({ q: spaced }).toString().slice(2),
      encodeURIComponent(spaced).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16)}`),
      encodeURIComponent(spaced).toLowerCase(),
    ];
    for (const form of forms)
      expect(r.text(`https://x.test/?a=${form}&b=1`)).toBe(`https://x.test/?a=${SECRET_MASK}&b=1`);
    expectMasked(`?q=${encodeURIComponent(SECRET)}`);
    expectMasked(new URLSearchParams({ q: SECRET }).toString());
  });

  it('masks JSON-escaped forms, including "\\/" and ASCII-only \\u escapes', () => {
    expectMasked(JSON.stringify({ token: SECRET }));
    expectMasked(JSON.stringify({ token: SECRET }).replace(/\//g, '\\/'));
    expectMasked(
      JSON.stringify(SECRET).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    );
  });

  it('masks hex in either case', () => {
    const hex = Buffer.from(SECRET, 'utf8').toString('hex');
    expectMasked(hex);
    expectMasked(hex.toUpperCase());
  });

  it('leaves values shorter than 4 characters alone, and text without secrets untouched', () => {
    const short = createRedactor(['abc', 'xy', '']);
    expect(short.active).toBe(false);
    expect(short.text('abc abc YWJj 616263')).toBe('abc abc YWJj 616263');
    const text = 'nothing to see here, not even tok_3x4mple';
    expect(redactor.text(text)).toBe(text);
  });

  it('derives no form shorter than 4 characters from a 4-character value', () => {
    expect(encodedForms('abcd').every((form) => form.length >= 4)).toBe(true);
    expect(createRedactor(['abcd']).text('one abcd two')).toBe(`one ${SECRET_MASK} two`);
  });

  it('masks the longer of two overlapping secrets whole', () => {
    const r = createRedactor(['abcd', 'abcdefgh']);
    expect(r.text('abcdefgh abcd')).toBe(`${SECRET_MASK} ${SECRET_MASK}`);
  });

  it('redacts strings and keys of a JSON value and returns the same object when nothing matched', () => {
    const clean = { a: [1, 'two', { b: null }] };
    expect(redactor.value(clean)).toBe(clean);
    const dirty = { list: ['x', SECRET], [SECRET]: { deep: `pre ${SECRET} post` }, n: 5 };
    expect(redactor.value(dirty)).toEqual({
      list: ['x', SECRET_MASK],
      [SECRET_MASK]: { deep: `pre ${SECRET_MASK} post` },
      n: 5,
    });
  });

  it('redacts a value in a string whose JSON escaping would otherwise break the text', () => {
    const r = createRedactor(['nabc']);
    expect(r.value({ text: 'line\nabc' })).toEqual({ text: 'line\nabc' });
    expect(r.value({ text: 'nabc' })).toEqual({ text: SECRET_MASK });
  });

  it('masks raw and encoded values in binary bytes and keeps the rest byte for byte', () => {
    const body = Buffer.concat([Buffer.from([0, 255, 1]), Buffer.from(SECRET, 'utf8'), Buffer.from([254])]);
    const out = redactor.bytes(body);
    expect(out.equals(Buffer.concat([Buffer.from([0, 255, 1]), Buffer.from(SECRET_MASK), Buffer.from([254])]))).toBe(
      true,
    );
    const clean = Buffer.from([1, 2, 3, 4, 5]);
    expect(redactor.bytes(clean)).toBe(clean);
  });

  it('computes the base64 run that does not depend on neighbouring bytes', () => {
    const bytes = Buffer.from('secret-value');
    for (const offset of [0, 1, 2]) {
      const core = base64Core(bytes, offset);
      for (const before of ['', 'x', 'xy', 'xyz']) {
        if (before.length % 3 !== offset) continue;
        for (const after of ['', 'q', 'qq']) {
          expect(Buffer.from(`${before}secret-value${after}`).toString('base64')).toContain(core);
        }
      }
    }
  });

  it('does nothing when there are no secrets', () => {
    expect(createRedactor([])).toBe(NO_REDACTION);
    const value = { a: 1 };
    expect(NO_REDACTION.value(value)).toBe(value);
  });

  it('scans linearly: 50 secrets over 1 MB of text in well under a second', () => {
    const secrets = Array.from({ length: 50 }, (_, i) => `secret-${i}-${'k'.repeat(20)}-${i * 7919}`);
    const many = createRedactor(secrets);
    const text = 'lorem ipsum dolor sit amet '.repeat(40_000);
    const started = performance.now();
    expect(many.text(text)).toBe(text);
    const small = JSON.stringify({ name: 'Ann', email: 'ann@example.com', message: 'hello' });
    for (let i = 0; i < 10_000; i += 1) many.text(small);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
