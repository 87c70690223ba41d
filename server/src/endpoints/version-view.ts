import { z } from 'zod';
import type {
  ScenarioAuthor,
  ScenarioDraft,
  ScenarioDraftInfo,
  ScenarioLanguage,
  ScenarioVersion,
  ScenarioVersionInfo,
} from '../contract/index.js';

type AuthorOf = (userId: string | null) => Promise<ScenarioAuthor | null>;

/** A version as the admin API shows it: no compiled code, its author by name. */
export async function versionInfo(version: ScenarioVersion, authorOf: AuthorOf): Promise<ScenarioVersionInfo> {
  const { compiled: _compiled, ...info } = version;
  return { ...info, author: await authorOf(version.createdBy) };
}

export async function draftInfo(draft: ScenarioDraft, authorOf: AuthorOf): Promise<ScenarioDraftInfo> {
  return { ...draft, savedBy: await authorOf(draft.savedBy) };
}

/** Publishing or restoring this code would change nothing that runs. */
export function sameScenario(
  a: { code: string; language: ScenarioLanguage },
  b: { code: string; language: ScenarioLanguage },
): boolean {
  return a.code === b.code && a.language === b.language;
}

/** A publisher's note: trimmed, at most 500 characters; empty means none. */
export const noteSchema = z
  .string()
  .trim()
  .max(500, 'at most 500 characters')
  .transform((note) => note || null);
