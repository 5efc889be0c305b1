import { readFileSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** scripts/layers.json: which top-level folders of src/ each folder may import (docs/architecture.md). */
const layerMap = JSON.parse(readFileSync(new URL('./scripts/layers.json', import.meta.url), 'utf8'));

/**
 * One `no-restricted-imports` per folder of src/ and per file depth in it: a relative import that
 * climbs to src/ and enters a folder the map does not allow fails lint. Known violations are
 * tolerated here; scripts/check-layers.ts names them on every run.
 */
function layerRules() {
  const folders = Object.keys(layerMap.layers);
  return folders.flatMap((folder) => {
    const known = layerMap.knownViolations.filter((entry) => entry.from === folder).map((entry) => entry.to);
    const allowed = new Set([folder, ...layerMap.layers[folder].mayImport, ...known]);
    const denied = folders.filter((other) => !allowed.has(other));
    if (denied.length === 0) return [];
    const message = `src/${folder}/ may import only ${layerMap.layers[folder].mayImport.join(', ') || 'nothing outside itself'} (scripts/layers.json).`;
    return [1, 2, 3, 4, 5, 6].map((depth) => ({
      files: [`src/${folder}/${'*/'.repeat(depth - 1)}*.ts`],
      rules: {
        'no-restricted-imports': [
          'error',
          { patterns: [{ regex: `^(?:\\.\\./){${depth}}(?:${denied.join('|')})(?:/|$)`, message }] },
        ],
      },
    }));
  });
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'bench/results/**',
      'bin/**',
      '**/*.mjs',
      'eslint.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  ...layerRules(),
);
