// Lint for the app, the stack and the tests, with type information (typescript-eslint's project
// service reads tsconfig.app.json / tsconfig.node.json through tsconfig.json). Edge Functions and
// the local edge runtime are Deno code: `npm run lint:deno` checks them.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Folders named in relative imports ("../grid/…", "../../modules/…"), matched as path segments.
const featureScreens = '(dashboard|reports|jobs|notifications|auth|handover|layout)';
const registerScreens = '(grid|form|record|moves|views|import|export)';

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

  // Layers read one way (README: How the app is layered): data/ is the bottom, the register model
  // sits under the screens that use it, and providers stay below every module.
  layer('src/data/**', '(^|/)(modules|providers|layout)/|(^|/)(app|resources)$', 'data/ is the bottom layer: it calls the database and knows no screen'),
  layer('src/providers/**', '(^|/)(modules|layout)/', 'providers sit below every module'),
  layer('src/modules/registers/**', `(^|/)${featureScreens}/`, 'the generated screens know no feature screen'),
  // (one entry per file: a later entry's options replace an earlier one's, so the model repeats the rule above)
  layer('src/modules/registers/model/**', `(^|/)(${featureScreens}|${registerScreens})/`, 'the register model is shared by the screens and imports none of them'),
);

function layer(files, regex, message) {
  // Tests may cross layers (an export test reads its file back through the importer).
  return { files: [files], ignores: ['**/*.test.ts', '**/*.test.tsx'], rules: { 'no-restricted-imports': ['error', { patterns: [{ regex, message }] }] } };
}
