// ESLint for the app, the plugin and the tests. Formatting is Prettier's (eslint-config-prettier turns
// ESLint's formatting rules off); these rules are about structure: no import cycles, and `domain/` (pure
// logic) imports nothing from the rest of the plugin nor from Strapi.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const SERVER = 'plugins/reminders/server/src';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '.tmp/**',
      '.strapi/**',
      'build/**',
      'types/generated/**',
      'tests/e2e/artifacts/**',
      'tests/install/artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // Contracts are declared as Strapi's own are: `export declare namespace FindOne { Request; Response }`.
      '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Tests read JSON answers of any shape.
    files: ['tests/**/*.ts', '**/__tests__/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: [`${SERVER}/domain/**/*.ts`],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: `./${SERVER}/domain`,
              from: `./${SERVER}`,
              except: ['./domain'],
              message: 'domain/ is pure logic: it imports nothing from the rest of the plugin',
            },
          ],
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['@strapi/*', 'koa', 'knex'], message: 'domain/ is pure logic: no Strapi, no database' }],
        },
      ],
    },
  },
  {
    files: ['plugins/reminders/admin/src/**/*.{ts,tsx}', 'src/admin/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  prettier
);
