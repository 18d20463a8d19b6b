// Lint rules that keep each layer where it may run (see docs/architecture.md):
// shared/ is pure TypeScript, renderer/ talks only through the typed API, and only the
// files listed in ELECTRON_GLUE import 'electron'. test/unit/lint-rules.test.ts proves each rule fires.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export const ELECTRON_GLUE = [
  'electron/main/main.ts',
  'electron/main/security.ts',
  'electron/main/ipc.ts',
  'electron/preload/preload.ts',
];

// Bare builtin names go in `paths` (exact module names): as gitignore-style `patterns` they would
// also match our own folders, such as shared/util/.
const nodeBuiltinNames = ['fs', 'fs/promises', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'url', 'util', 'stream', 'worker_threads', 'zlib'];
const builtinPaths = (message) => nodeBuiltinNames.map((name) => ({ name, message }));
const nativeModules = ['better-sqlite3', 'better-sqlite3-multiple-ciphers', 'exceljs'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.vite/', 'out/', 'test-results/', 'playwright-report/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.es2023 } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['electron/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.{js,mjs,ts}', 'bin/**/*.mjs', '*.config.{ts,js}', 'forge.config.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: builtinPaths('shared/ is pure TypeScript: no Node modules.'),
        patterns: [
          { group: ['node:*', 'electron', 'electron/*', ...nativeModules], message: 'shared/ is pure TypeScript: no Node, Electron or native modules.' },
          // Lexical's core and mark packages run headless (no DOM needed), so coding logic can keep
          // marks and coding rows in step in shared/; its React bindings belong to renderer/.
          { group: ['react', 'react-dom', '@lexical/react', '@lexical/react/*', '**/renderer/**', '**/electron/**'], message: 'shared/ depends on nothing above it.' },
        ],
      }],
      'no-restricted-globals': ['error',
        ...['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'fetch', 'XMLHttpRequest', 'HTMLElement', 'process', 'Buffer', 'require', '__dirname', 'global']
          .map((name) => ({ name, message: `shared/ runs anywhere: no ${name}.` })),
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: builtinPaths('renderer/ has no Node access: call the typed API.'),
        patterns: [
          { group: ['node:*', 'electron', 'electron/*', ...nativeModules], message: 'renderer/ has no Node access: call the typed API.' },
          { group: ['**/electron/**'], message: 'renderer/ imports nothing from electron/: call the typed API.' },
        ],
      }],
      'no-restricted-globals': ['error', { name: 'process', message: 'renderer/ has no Node access.' }, { name: 'require', message: 'renderer/ has no Node access.' }],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ELECTRON_GLUE,
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*'], message: `Only ${ELECTRON_GLUE.join(', ')} import 'electron'; keep services runnable in plain Node.` },
          { group: ['**/renderer/**'], message: 'The main process does not import the UI.' },
        ],
      }],
    },
  },
);
