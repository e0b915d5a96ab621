import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import noSwallowedErrors from './scripts/lint/no-swallowed-errors.mjs';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'fixtures/media/', 'bench/results/', '.cache/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'test/pages/**/*.js', 'demo/**/*.js', 'bench/**/*.ts', 'bench/page.js'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['**/*.mjs', 'rollup.config.js', 'scripts/**/*.js'],
    languageOptions: { globals: globals.node },
  },
  {
    // Node scripts that drive Chromium pass functions that run in the page.
    files: ['test/node/**/*.mjs', 'test/support/site.mjs', 'bench/**/*.mjs', 'scripts/screenshots.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // Browser tests use chai's property assertions (`expect(x).to.be.true`).
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    // A test that swallows an error cannot fail on it (scripts/lint/no-swallowed-errors.mjs).
    files: ['test/**/*.ts', 'test/**/*.mjs'],
    plugins: { local: { rules: { 'no-swallowed-errors': noSwallowedErrors } } },
    rules: { 'local/no-swallowed-errors': 'error' },
  },
);
