// Flat ESLint config for every workspace. `npm run lint` runs it together with Prettier's
// check, the type-check of test files and knip (dead exports). See CONTRIBUTING.md.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ADMIN_FEATURES = [
  'api-keys',
  'audit',
  'auth',
  'editor',
  'endpoints',
  'processes',
  'secrets',
  'test-run',
  'tokens',
  'users',
];

/**
 * Libraries that stay behind their ports (docs/adr/0004, 0005): each may be imported only in
 * its own folder. One `no-restricted-imports` entry per file set, since a later config object
 * replaces a rule's options rather than merging them.
 */
const CONFINED = {
  sandbox: {
    folder: 'runner/src/sandbox/**',
    names: ['isolated-vm', 'isolated-vm-5', 'isolated-vm-7'],
    message: 'isolated-vm is used only inside runner/src/sandbox/.',
  },
  mongo: {
    folder: 'server/src/store/mongo/**',
    names: ['mongoose', 'mongodb'],
    message: 'mongoose is used only by the MongoDB adapter (server/src/store/mongo/).',
  },
  sqlite: {
    folder: 'server/src/store/embedded/**',
    names: ['better-sqlite3', 'node:sqlite'],
    message: 'SQLite is used only by the embedded adapter (server/src/store/embedded/).',
  },
};

function confinedImports(except) {
  const paths = Object.entries(CONFINED)
    .filter(([key]) => key !== except)
    .flatMap(([, { names, message }]) => names.map((name) => ({ name, message })));
  return { 'no-restricted-imports': ['error', { paths }] };
}

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'test/e2e/screenshots/**',
      'admin-ui/public/**',
      // Shipped into isolates as source text or loaded as data by tests: checked by their own tsconfig.
      'runner/src/sandbox/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['tsconfig.base.json', 'admin-ui/tsconfig.json'],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-duplicates': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  // Server and runner log through pino / the pool's logger, never the console.
  {
    files: ['server/src/**/*.ts', 'runner/src/**/*.ts'],
    ignores: ['**/*.test.ts', 'server/src/cli/**'],
    rules: { 'no-console': 'error' },
  },
  { files: ['**/*.{ts,tsx,js,mjs}'], rules: confinedImports(null) },
  ...Object.entries(CONFINED).map(([key, { folder }]) => ({ files: [folder], rules: confinedImports(key) })),
  // The server's layers: lower folders never import higher ones (docs/architecture.md).
  {
    files: ['server/src/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './server/src/contract',
              from: './server/src',
              except: ['./contract'],
              message: 'contract/ is pure data shared with the admin UI.',
            },
            {
              target: './server/src/core',
              from: './server/src',
              except: ['./core', './contract'],
              message: 'core/ imports nothing of the rest of the server.',
            },
            {
              target: './server/src/store',
              from: './server/src',
              except: ['./store', './core', './contract', './lifecycle'],
              message: 'The store is a port: it depends only on core/, contract/ and lifecycle/.',
            },
            {
              target: './server/src/lifecycle',
              from: './server/src',
              except: ['./lifecycle', './contract'],
              message: 'lifecycle/ is pure rules.',
            },
            {
              target: './server/src/exchange',
              from: './server/src',
              except: ['./exchange', './core', './contract', './admin/admin-cookies.ts'],
              message: 'exchange/ maps requests and outcomes; it knows no feature.',
            },
          ],
        },
      ],
    },
  },
  // The admin: features never import each other (bulletproof-react); shared code lives in components/, lib/, api/.
  {
    files: ['admin-ui/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: ADMIN_FEATURES.map((feature) => ({
            target: `./admin-ui/src/features/${feature}`,
            from: './admin-ui/src/features',
            except: [`./${feature}`],
            message: 'Features do not import each other: compose them in pages/, share through components/ or lib/.',
          })),
        },
      ],
    },
  },
  // Tests may poke at internals.
  {
    files: ['**/*.test.{ts,tsx}', 'test/**/*.ts', 'bench/**/*.mjs', '**/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
