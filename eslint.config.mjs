// Lint rules: typescript-eslint's strict, type-aware set; `any` and unchecked casts are refused in src/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'coverage/',
      'node_modules/',
      'src/__generated__/',
      'jest.config.js',
      'emulator/dist/',
      'emulator/jest.config.js',
      'test/library/app.ts',
      'test/emulator/.pack-*/',
      'jest.e2e.config.js',
      // Outside tsconfig.json (its dependency is installed on demand); hiveGateway.test.ts type-checks it.
      'docs/examples/hive-gateway/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Tests read GraphQL responses as untyped JSON; every access is followed by an assertion anyway.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // The demo page's browser modules: demo/tsconfig.json type-checks them against the DOM library, which
    // knows the browser's globals better than no-undef does.
    files: ['demo/**/*.js'],
    rules: { 'no-undef': 'off' },
  },
  { files: ['eslint.config.mjs'], ...tseslint.configs.disableTypeChecked },
);
