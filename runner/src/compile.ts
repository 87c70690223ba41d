import { parse, type Node } from 'acorn';
import { transform } from 'sucrase';
import type { CompileDiagnostic, CompileResult, ScenarioLanguage } from './protocol.js';

/** Scenario source above this size is refused before parsing (1 MiB). */
export const MAX_SOURCE_BYTES = 1024 * 1024;

interface LocatedError {
  message: string;
  loc?: { line: number; column: number };
}

function isLocated(error: unknown): error is LocatedError {
  return typeof error === 'object' && error !== null && 'message' in error;
}

/** Both parsers report `(line:col)` at the end of the message; the location is returned separately. */
function diagnosticOf(error: unknown): CompileDiagnostic {
  if (!isLocated(error)) return { message: String(error), line: 1, column: 1 };
  const message = String(error.message).replace(/\s*\(\d+:\d+\)\s*$/, '');
  if (error.loc) return { message, line: error.loc.line, column: error.loc.column + 1 };
  const match = /\((\d+):(\d+)\)/.exec(String(error.message));
  if (match) return { message, line: Number(match[1]), column: Number(match[2]) + 1 };
  return { message, line: 1, column: 1 };
}

function at(node: Node, source: string, message: string): CompileDiagnostic {
  const before = source.slice(0, node.start);
  const line = before.split('\n').length;
  const column = node.start - before.lastIndexOf('\n');
  return { message, line, column };
}

/** Shape rules: an ES module with a default export and no imports (nothing to import in the sandbox). */
function checkShape(program: Node & { body: Node[] }, source: string): CompileDiagnostic[] {
  const diagnostics: CompileDiagnostic[] = [];
  let hasDefault = false;
  for (const statement of program.body) {
    if (statement.type === 'ImportDeclaration') {
      diagnostics.push(at(statement, source, 'Imports are not available in scenarios: the sandbox has no modules'));
    } else if (statement.type === 'ExportDefaultDeclaration') {
      hasDefault = true;
    } else if (statement.type === 'ExportAllDeclaration') {
      diagnostics.push(at(statement, source, 'Re-exports are not available in scenarios'));
    } else if (statement.type === 'ExportNamedDeclaration' && (statement as Node & { source?: unknown }).source) {
      diagnostics.push(at(statement, source, 'Re-exports are not available in scenarios'));
    }
  }
  if (!hasDefault) {
    diagnostics.push({
      message: 'The scenario must export its handler: export default async function (request, ctx) { ... }',
      line: 1,
      column: 1,
    });
  }
  return diagnostics;
}

/**
 * Turns scenario source (JS or TS) into the JavaScript module the sandbox runs.
 * TypeScript is stripped by sucrase, which keeps line numbers, so stack traces and
 * diagnostics point at the lines the user wrote. Type errors are the editor's job.
 */
export function compileScenario(code: string, language: ScenarioLanguage): CompileResult {
  if (Buffer.byteLength(code) > MAX_SOURCE_BYTES) {
    return { ok: false, diagnostics: [{ message: 'The scenario is larger than 1 MiB', line: 1, column: 1 }] };
  }
  let js = code;
  if (language === 'typescript') {
    try {
      js = transform(code, { transforms: ['typescript'], disableESTransforms: true, keepUnusedImports: false }).code;
    } catch (error) {
      return { ok: false, diagnostics: [diagnosticOf(error)] };
    }
  }
  let program: Node & { body: Node[] };
  try {
    program = parse(js, { ecmaVersion: 'latest', sourceType: 'module', locations: true }) as Node & { body: Node[] };
  } catch (error) {
    return { ok: false, diagnostics: [diagnosticOf(error)] };
  }
  const diagnostics = checkShape(program, js);
  return diagnostics.length > 0 ? { ok: false, diagnostics } : { ok: true, js };
}
