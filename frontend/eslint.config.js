// ESLint for the SPA (`npm run lint`, part of `make lint`): TypeScript,
// the rules of hooks, accessibility of the JSX, and the import boundaries
// of bulletproof-react: a feature never imports another feature, shared
// code (components, hooks, lib) never imports a feature or the app, and
// only the app composes features. Go is reached through src/lib alone.
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import { createNodeResolver } from 'eslint-plugin-import-x';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const features = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

const shared = ['./src/components', './src/hooks', './src/lib', './src/testing'];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'src/wailsjs/', 'e2e/'] },
  {
    files: ['src/**/*.{ts,tsx}', 'vite.config.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended, reactHooks.configs.flat.recommended, jsxA11y.flatConfigs.recommended],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })],
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            // A feature uses only itself and shared code; what two features
            // share moves to components/, hooks/ or lib/, and the app
            // composes features (routes, slots).
            ...features.map((f) => ({
              target: `./src/features/${f}`,
              from: './src/features',
              except: [`./${f}`],
              message: 'features do not import each other: move the shared part to src/components, src/hooks or src/lib, or compose in src/app',
            })),
            { target: './src/features', from: './src/app', message: 'the app imports features, not the other way round' },
            {
              target: shared,
              from: ['./src/features', './src/app'],
              message: 'shared code (components, hooks, lib) does not import features or the app',
            },
            {
              target: ['./src/app', './src/components', './src/features', './src/hooks'],
              from: './src/wailsjs',
              message: 'the generated bindings are reached through src/lib/bridge.ts and src/lib/events.ts',
            },
          ],
        },
      ],
    },
  },
  {
    // Bound Go calls live in each feature's api/ (and in src/lib); screens
    // call them through it.
    files: ['src/features/*/components/**', 'src/components/**', 'src/hooks/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/lib/bridge'],
              importNames: ['Go'],
              message: "call Go through the feature's api/ module",
            },
          ],
        },
      ],
    },
  },
);
