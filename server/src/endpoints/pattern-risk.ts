/**
 * Why a `pattern` in a request schema could stall the server, or null when it cannot.
 *
 * Ajv tests patterns with JavaScript's backtracking engine, on the event loop, against strings
 * any caller chooses. Three shapes make that slow on a crafted string: a repeated group that
 * itself repeats or has alternatives (`(a+)+`, `(a|ab)*`: exponential), a back-reference, and
 * many unbounded repetitions (`\d+\d+\d+x`: polynomial, one degree per repetition, one more when
 * the pattern is not anchored, since every start position is tried). Together with the input cap
 * (PATTERN_MAX_INPUT, request-validators.ts) this bounds the worst case at a few tens of ms.
 */

/** Most unbounded repetitions (plus one for an unanchored start) a pattern may have. */
export const MAX_PATTERN_DEGREE = 3;

/** A bounded repetition this wide counts as unbounded: `{0,500}` backtracks like `*`. */
const WIDE_RANGE = 16;

interface Group {
  /** Some quantifier or alternation inside this group (or a group in it). */
  repeats: boolean;
  alternates: boolean;
}

/** Length of the quantifier at `i` (0 when none) and whether it is unbounded. */
function quantifierAt(source: string, i: number): { length: number; unbounded: boolean } {
  const c = source[i];
  let length = 0;
  let unbounded = false;
  if (c === '*' || c === '+') {
    length = 1;
    unbounded = true;
  } else if (c === '?') {
    length = 1;
  } else if (c === '{') {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
    if (!match) return { length: 0, unbounded: false };
    length = match[0].length;
    const min = Number(match[1]);
    const max = match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3]);
    unbounded = max - min > WIDE_RANGE;
  }
  if (length > 0 && source[i + length] === '?') length += 1;
  return { length, unbounded };
}

/** Index just past the character class that starts at `i` (`[`). */
function endOfClass(source: string, i: number): number {
  let j = i + 1;
  if (source[j] === '^') j++;
  if (source[j] === ']') j++;
  for (; j < source.length; j++) {
    if (source[j] === '\\') j++;
    else if (source[j] === ']') return j + 1;
  }
  return source.length;
}

export function patternRisk(source: string): string | null {
  if (/\\[1-9]|\\k</.test(source.replace(/\\\\/g, ''))) {
    return 'back-references are not allowed in a request schema pattern (they can take exponential time)';
  }
  const stack: Group[] = [{ repeats: false, alternates: false }];
  let degree = source.startsWith('^') ? 0 : 1;
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    let atomEnd = i + 1;
    let closed: Group | null = null;
    if (c === '\\') {
      atomEnd = i + 2;
      // \u{…}, \p{…}: one atom, braces included.
      if (source[i + 2] === '{') atomEnd = source.indexOf('}', i) + 1 || source.length;
    } else if (c === '[') {
      atomEnd = endOfClass(source, i);
    } else if (c === '(') {
      stack.push({ repeats: false, alternates: false });
      const prefix = /^\(\?(?:[:=!]|<[=!]|<[A-Za-z_$][\w$]*>)/.exec(source.slice(i));
      i += prefix ? prefix[0].length : 1;
      continue;
    } else if (c === ')') {
      closed = stack.length > 1 ? stack.pop()! : null;
    } else if (c === '|') {
      stack[stack.length - 1]!.alternates = true;
      i += 1;
      continue;
    }
    const quantifier = quantifierAt(source, atomEnd);
    if (quantifier.length > 0) {
      if (closed && (closed.repeats || closed.alternates)) {
        return closed.repeats
          ? 'a repeated group must not repeat inside, as in (a+)+ or (-[a-z]+)*: such patterns can take exponential time; write it without a quantifier inside a repeated group'
          : 'a repeated group must not have alternatives, as in (a|ab)*: such patterns can take exponential time';
      }
      for (const group of stack) group.repeats = true;
      if (quantifier.unbounded) degree += 1;
    }
    if (closed) {
      const parent = stack[stack.length - 1]!;
      parent.repeats ||= closed.repeats;
      parent.alternates ||= closed.alternates;
    }
    i = atomEnd + quantifier.length;
  }
  if (degree > MAX_PATTERN_DEGREE) {
    return `too many unbounded repetitions (*, +, {n,}) for one pattern: at most ${MAX_PATTERN_DEGREE}, counting one for a pattern not anchored with ^ (each makes a crafted string slower to check by a factor of its length)`;
  }
  return null;
}
