import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'build',
      'coverage',
      'serverless/dist',
      'sandbox/dist',
      'test-results',
      'tools',
      '.stryker-tmp',
      'reports',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.jest } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['**/*.js', '**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    // The Functions log only through serverless/src/lib/log.ts, which reduces errors to what is safe to log:
    // a raw Twilio client error carries the account's Authorization header.
    files: ['serverless/src/**/*.ts'],
    ignores: ['serverless/src/provisioning/**'],
    rules: { 'no-console': 'error' },
  },
  {
    // The plugin bundles Paste. Each component comes from its own package (declared in package.json, the
    // versions @twilio-paste/core resolves to): core's paths are CommonJS re-export shims that keep webpack
    // from dropping a package's unused exports. Text, Heading, Paragraph, Table and Alert each carry their
    // own copy of Box's machinery (Badge too): src/components/paste.tsx has them in Paste's look on Box, and
    // src/components/pasteForm.tsx Label, Input and Select (docs/ARCHITECTURE.md, Bundle).
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...[
              'text',
              'heading',
              'paragraph',
              'table',
              'alert',
              'media-object',
              'badge',
              'screen-reader-only',
            ].map((name) => ({
              name: `@twilio-paste/${name}`,
              message: 'Import it from src/components/paste.tsx: Paste’s look at a fraction of the bundle.',
            })),
            ...['label', 'input', 'input-box', 'select'].map((name) => ({
              name: `@twilio-paste/${name}`,
              message:
                'Import it from src/components/pasteForm.tsx: Paste’s look at a fraction of the bundle.',
            })),
          ],
          patterns: [
            {
              group: ['@twilio-paste/core/*'],
              message: 'Import the component’s own package (@twilio-paste/<name>), declared in package.json.',
            },
          ],
        },
      ],
    },
  },
);
