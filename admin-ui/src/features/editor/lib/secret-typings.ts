import { SECRET_NAME_PATTERN } from '@contract';

/** The interface the secrets typing names, so a diagnostic about it can be told apart. */
export const GRANTED_SECRETS_TYPE = 'ScenarioGrantedSecrets';

/**
 * Declarations that type `ctx.secrets` by the names granted to the endpoint (its `secrets`
 * setting): each one a read-only string, and nothing else, as the sandbox gives the scenario
 * only those (`{}` without grants). Names the server would not accept are left out.
 */
export function secretTypings(granted: readonly string[]): string {
  const members = granted
    .filter((name) => SECRET_NAME_PATTERN.test(name))
    .map((name) => `  /** The secret "${name}", granted to this endpoint. */\n  readonly ${name}: string;\n`)
    .join('');
  return [
    `interface ${GRANTED_SECRETS_TYPE} {\n${members}}`,
    `interface ScenarioSecretGrants {\n  granted: ${GRANTED_SECRETS_TYPE};\n}`,
    '',
  ].join('\n');
}
