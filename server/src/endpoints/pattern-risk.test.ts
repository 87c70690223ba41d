import { describe, expect, it } from 'vitest';
import { patternRisk } from './pattern-risk.js';

describe('patternRisk', () => {
  it.each([
    '^[a-z0-9_-]+$',
    '^\\+?[0-9 ]{6,20}$',
    '^[a-z]+@[a-z]+\\.[a-z]+$',
    '^(?=.*\\d)(?=.*[a-z]).{8,}$',
    '^[A-Z]{2}\\d{2}[A-Z0-9]{11,30}$',
    '^(foo|bar)-\\d+$',
    "^[\\p{L} .'-]+$",
    '^\\\\d$',
    '^[(]?\\d{3}[)]?$',
  ])('accepts the everyday pattern %s', (pattern) => {
    expect(patternRisk(pattern)).toBeNull();
  });

  it.each([
    ['(a+)+$', /must not repeat inside/],
    ['^(-[a-z0-9]+)*$', /must not repeat inside/],
    ['^(a|ab)*c$', /must not have alternatives/],
    ['^((a|b)c)+$', /must not have alternatives/],
    ['^(a{1,5})+$', /must not repeat inside/],
    ['(\\w)\\1', /back-references/],
    ['(?<x>a)\\k<x>', /back-references/],
    ['\\d+\\d+\\d+x', /too many unbounded repetitions/],
    ['^a*b*c*d*$', /too many unbounded repetitions/],
    ['x{0,100}y{0,100}z{0,100}', /too many unbounded repetitions/],
  ])('refuses %s, which a crafted string makes slow', (pattern, reason) => {
    expect(patternRisk(pattern)).toMatch(reason);
  });
});
