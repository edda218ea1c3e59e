// Lint, including the import boundaries of DESIGN §2. A boundary violation is an error, so
// `npm run lint` fails on it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeMessage = 'Node modules are not allowed here (DESIGN §2): this code must run in the browser sandbox.';
const nodeBuiltins = [
  'fs',
  'fs/promises',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'https',
  'net',
  'url',
  'util',
  'stream',
  'worker_threads',
  'zlib',
  'events',
  'buffer',
];
// Bare built-in names are matched exactly (a pattern "util" would also catch "./util/x").
const nodePaths = nodeBuiltins.map((name) => ({ name, message: nodeMessage }));
const nodeModulePatterns = [{ group: ['node:*'], message: nodeMessage }];
/** no-restricted-imports for code that must not touch Node: built-ins, `node:*`, plus `extra` patterns. */
const browserSafeImports = (...extra) => ['error', { paths: nodePaths, patterns: [...nodeModulePatterns, ...extra] }];
const electronBan = {
  group: ['electron', 'electron/*'],
  message: 'electron may only be imported by src/main outside engine/ (DESIGN §2).',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'models/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['**/*.{ts,tsx,mjs,js}'],
    ignores: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  // shared: pure TypeScript, nothing platform-specific.
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': browserSafeImports(
        electronBan,
        { group: ['react', 'react-dom', 'zustand', 'better-sqlite3', 'ws'], message: 'shared/ is pure TypeScript (DESIGN §2).' },
        {
          group: ['**/main/**', '**/renderer/**', '**/preload/**'],
          message: 'shared/ imports nothing from the processes (DESIGN §2).',
        },
      ),
    },
  },
  // renderer: only shared and its own api layer; no Node, no electron.
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': browserSafeImports(electronBan, {
        group: ['**/main/**', '**/preload/**', 'better-sqlite3', 'ws'],
        message: 'The renderer talks to the engine only through its api layer (DESIGN §2).',
      }),
    },
  },
  // engine: Electron-free Node.
  {
    files: ['src/main/engine/**/*.ts', 'src/main/server/**/*.ts', 'src/main/cli/**/*.ts', 'src/feed-server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            electronBan,
            { group: ['**/renderer/**', '**/preload/**'], message: 'The engine does not import UI code (DESIGN §2).' },
          ],
        },
      ],
    },
  },
  // preload: electron plus the shared contract only.
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': browserSafeImports({
        group: ['**/main/**', '**/renderer/**'],
        message: 'The preload builds window.shotline from the shared contract only.',
      }),
    },
  },
);
