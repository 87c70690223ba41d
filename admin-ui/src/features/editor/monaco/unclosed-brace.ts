import type * as TypeScript from 'typescript';

// When a `}` is missing, TypeScript pairs every later `}` with the nearest open `{` and reports
// "'}' expected" at the end of the file, naming the outermost block as the unclosed one:
//
//   export default function handler(request) {   ← TypeScript: "this one"
//     if (request.body) {                         ← the one the author did not close
//       work()
//     return 1
//   }
//
// People indent: the last `}` sits under `export`, so it closes the function, and the `if` is the
// block left open. This finds that `{` from the indentation, reading tokens with TypeScript's
// scanner (so braces in strings, comments, templates and regular expressions do not count).

interface OpenBrace {
  position: number;
  indent: number;
  template: boolean;
}

type Ts = typeof TypeScript;

function indentOf(text: string, position: number): { indent: number; first: boolean } {
  const lineStart = text.lastIndexOf('\n', position - 1) + 1;
  const before = text.slice(lineStart, position);
  const indent = /^[ \t]*/.exec(before)?.[0].length ?? 0;
  return { indent, first: indent === before.length };
}

/** Tokens after which a `/` divides; anywhere else it starts a regular expression. */
function endsOperand(ts: Ts, kind: TypeScript.SyntaxKind): boolean {
  return (
    kind === ts.SyntaxKind.Identifier ||
    kind === ts.SyntaxKind.NumericLiteral ||
    kind === ts.SyntaxKind.StringLiteral ||
    kind === ts.SyntaxKind.CloseParenToken ||
    kind === ts.SyntaxKind.CloseBracketToken ||
    kind === ts.SyntaxKind.CloseBraceToken ||
    kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral ||
    kind === ts.SyntaxKind.TemplateTail ||
    kind === ts.SyntaxKind.ThisKeyword
  );
}

/**
 * The offset of the `{` that the indentation says was left open (else the innermost one still
 * open), or null when the braces balance. Asked only once TypeScript found a `}` missing.
 */
export function unclosedBraceByIndent(ts: Ts, text: string): number | null {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  const stack: OpenBrace[] = [];
  let suspect: number | null = null;
  let previous = ts.SyntaxKind.Unknown;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    const position = scanner.getTokenStart();
    if ((kind === ts.SyntaxKind.SlashToken || kind === ts.SyntaxKind.SlashEqualsToken) && !endsOperand(ts, previous)) {
      kind = scanner.reScanSlashToken();
    }
    if (kind === ts.SyntaxKind.OpenBraceToken || kind === ts.SyntaxKind.TemplateHead) {
      stack.push({ position, indent: indentOf(text, position).indent, template: kind === ts.SyntaxKind.TemplateHead });
    } else if (kind === ts.SyntaxKind.CloseBraceToken) {
      if (stack.at(-1)?.template) {
        // The `}` ends a `${…}`: the template goes on (middle) or ends (tail).
        kind = scanner.reScanTemplateToken(false);
        if (kind === ts.SyntaxKind.TemplateTail) stack.pop();
      } else {
        const { indent, first } = indentOf(text, position);
        // A `}` first on its line, less indented than the block it would close: that block was left open.
        while (first && stack.length > 1 && !stack.at(-1)!.template && stack.at(-1)!.indent > indent) {
          suspect ??= stack.at(-1)!.position;
          stack.pop();
        }
        stack.pop();
      }
    }
    previous = kind;
  }
  if (suspect !== null) return suspect;
  return stack.filter((brace) => !brace.template).at(-1)?.position ?? null;
}
