import { compileScenario } from '@scriptgate/runner';
import type { ScenarioLanguage } from '../contract/index.js';
import { AppError } from '../core/app-error.js';
import type { ScenarioInput } from '../store/types.js';

/** Compiles on save: nothing broken is ever published. */
export function compileOrThrow(code: string, language: ScenarioLanguage, createdBy: string | null): ScenarioInput {
  const result = compileScenario(code, language);
  if (!result.ok) {
    const first = result.diagnostics[0];
    const where = first ? ` (line ${first.line}, column ${first.column}): ${first.message}` : '';
    throw new AppError('compile_error', `The scenario does not compile${where}`, {
      details: { diagnostics: result.diagnostics },
    });
  }
  return { code, language, compiled: result.js, createdBy };
}
