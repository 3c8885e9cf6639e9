// Lint for the app, the stack and the tests, with type information (typescript-eslint's project
// service reads tsconfig.app.json / tsconfig.node.json through tsconfig.json). Edge Functions and
// the local edge runtime are Deno code: `npm run lint:deno` checks them.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'supabase/functions', 'supabase/local/edge-runtime', 'src/types/database.types.ts', 'test-artifacts'] },
  {
    files: ['**/*.{ts,tsx,js}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      ecmaVersion: 2023,
      globals: { ...globals.browser, ...globals.node },
      parserOptions: {
        // This file is in no tsconfig; it gets the default project.
        projectService: { allowDefaultProject: ['eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'error',
      // A promise nobody awaits loses its rejection: a failed write would go unnoticed.
      '@typescript-eslint/no-floating-promises': 'error',
      // An async function where a void callback is expected (onClick, setTimeout) drops its errors.
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
);
