import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@watchfire/*/src/*'],
              message: 'import a package through its index (exports map), never a deep path',
            },
          ],
        },
      ],
    },
  },
  {
    // The client stays light: model only.
    files: ['packages/client/src/**/*.ts', 'packages/model/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.bench.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!node:|\\.{1,2}/|@watchfire/model$)',
              message: 'model and client have no runtime dependencies beyond each other and node: builtins',
            },
          ],
        },
      ],
    },
  },
)
