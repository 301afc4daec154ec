// @ts-check
/**
 * ESLint for the whole repository: type-aware TypeScript rules everywhere, Lit and
 * custom-element rules for the widget. `npm run lint` fails on any warning.
 */
import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'coverage/',
      '.data/',
      'custom-elements.json',
      'integrations/**/build/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.mjs', 'test/*.mjs', '.ci/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node, ...globals.browser },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            // node:test's test() and describe() return promises the runner itself awaits.
            { from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] },
          ],
        },
      ],
      // An async function that does not await still turns a throw into a rejection, which is
      // what the promise-returning interfaces it implements (providers, auth, stores) promise.
      '@typescript-eslint/require-await': 'off',
      // `interface A extends B {}` is how a module adds its events to the DOM's own maps.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // @open-wc's DOM-diff plugin declares chai's `equal` as returning a Promise (it is one only
    // for `.dom` snapshots), so in browser tests every `expect(x).to.equal(y)` would read as a
    // floating promise. The rule cannot tell the overloads apart; those tests await their
    // fixtures and `accessible()` checks explicitly.
    files: ['widget/**/*.browser.test.ts', 'test/browser/**/*.ts'],
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
  {
    // Plain-JavaScript config and runner files have no types to check against.
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['widget/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['widget/**/*.ts'],
    ...wc.configs['flat/recommended'],
  },
);
