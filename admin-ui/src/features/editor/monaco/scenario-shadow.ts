import type * as TypeScript from 'typescript';

// Why a "shadow": TypeScript never types the parameters of a default export from anything
// outside the function, so `export default async function handler(request, ctx)` — the README's
// example — leaves `request` and `ctx` as `any` unless a JSDoc header names their types. The
// editor's TypeScript worker therefore reads each scenario through `shadowScenario`, which writes
// the words `export default` over with an annotated declaration of the same length,
//
//   export default async function handler(request, ctx) {
//   let{}:ƒ=       async function handler(request, ctx) {
//
// so the function is contextually typed as a `ScenarioHandler` (first parameter the request,
// second the context, whatever their names) while every other character keeps its offset: the
// worker's completions, hovers and markers need no position mapping. Only what lands inside the
// rewritten words is dropped (`hiddenRanges`). `let {}` binds no name, so nothing new shows up
// in completions; the compiler option `moduleDetection: force` keeps the file a module.

/** The global alias the shadow annotates with: one letter, so `let{}:ƒ=` fits in `export default`. */
export const HANDLER_ALIAS = 'ƒ';
export const SHADOW_TYPES = `/** The type of a scenario's default export (the editor's own alias). */\ntype ${HANDLER_ALIAS} = ScenarioHandler;\n`;
export const SHADOW_TYPES_URI = 'file:///scriptgate/scenario-shadow.d.ts';
const PREFIX = `let{}:${HANDLER_ALIAS}=`;

/** Half-open offsets `[start, end)` of the scenario text that the shadow wrote over. */
export interface HiddenRange {
  start: number;
  end: number;
}

export interface ShadowScenario {
  text: string;
  hiddenRanges: HiddenRange[];
}

type Ts = typeof TypeScript;

/** A following statement that would continue an expression when it starts with one of these. */
const CONTINUES_EXPRESSION = /^[([`+\-/<.,]/;
const LEADING_TRIVIA = /^(?:\s|\/\*[\s\S]*?\*\/|\/\/[^\n]*(?:\n|$))*/;

/**
 * The scenario as the editor's type checker reads it: the same text of the same length, with the
 * default export's `export default` turned into a `ScenarioHandler` annotation when the export is
 * a function written in place (a declaration, a function expression or an arrow function).
 */
export function shadowScenario(ts: Ts, fileName: string, text: string): ShadowScenario {
  const unchanged = { text, hiddenRanges: [] };
  if (!text.includes('default')) return unchanged;
  const kind = /\.[cm]?tsx?$/.test(fileName) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2020, true, kind);
  const statements = source.statements;
  for (let index = 0; index < statements.length; index += 1) {
    const statement = statements[index]!;
    const range = exportWordsOf(ts, source, statement, statements[index + 1]);
    if (range) return overwrite(text, range) ?? unchanged;
  }
  return unchanged;
}

/** Where `export default` (and the trivia after it) is, when this statement is a handler to type. */
function exportWordsOf(
  ts: Ts,
  source: TypeScript.SourceFile,
  statement: TypeScript.Statement,
  next: TypeScript.Statement | undefined,
): HiddenRange | null {
  if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
    let expression: TypeScript.Expression = statement.expression;
    while (ts.isParenthesizedExpression(expression)) expression = expression.expression;
    if (!ts.isArrowFunction(expression) && !ts.isFunctionExpression(expression)) return null;
    return { start: statement.getStart(source), end: statement.expression.getStart(source) };
  }
  if (!ts.isFunctionDeclaration(statement) || !statement.body) return null;
  const modifiers = statement.modifiers ?? [];
  const exported = modifiers[0]?.kind === ts.SyntaxKind.ExportKeyword;
  const defaultModifier = modifiers[1];
  if (!exported || defaultModifier?.kind !== ts.SyntaxKind.DefaultKeyword) return null;
  // As an expression the function would swallow a next line that starts with `(` or `[`.
  if (next && CONTINUES_EXPRESSION.test(next.getText(source))) return null;
  // A named function stays callable by its name only inside itself once it is an expression.
  const name = statement.name?.text;
  if (name && usedOutside(source.text, name, statement.getStart(source), statement.end)) return null;
  const afterDefault = defaultModifier.end;
  const trivia = LEADING_TRIVIA.exec(source.text.slice(afterDefault))?.[0].length ?? 0;
  return { start: modifiers[0]!.getStart(source), end: afterDefault + trivia };
}

function usedOutside(text: string, name: string, start: number, end: number): boolean {
  const word = new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g');
  for (const match of text.matchAll(word)) {
    if (match.index < start || match.index >= end) return true;
  }
  return false;
}

/** Writes the annotation over the range; line breaks stay where they were (line numbers too). */
function overwrite(text: string, range: HiddenRange): ShadowScenario | null {
  const words = text.slice(range.start, range.end);
  if (words.length < PREFIX.length || /[\r\n]/.test(words.slice(0, PREFIX.length))) return null;
  const padding = words.slice(PREFIX.length).replace(/[^\r\n]/g, ' ');
  return {
    text: text.slice(0, range.start) + PREFIX + padding + text.slice(range.end),
    hiddenRanges: [range],
  };
}

/** Whether a span of the scenario touches text that the shadow wrote over. */
export function touchesHidden(ranges: readonly HiddenRange[], start: number, length: number): boolean {
  const end = start + Math.max(length, 1);
  return ranges.some((range) => start < range.end && end > range.start);
}
