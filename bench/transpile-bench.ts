import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const benchDirectory = fileURLToPath(new URL('.', import.meta.url));
const bareImport = /(from\s+|import\s*\(\s*)'((?!node:|\.)[^']+)'/g;

/**
 * Writes plain-JS copies of the bench files to `outputDirectory` and returns it. The fake, the
 * bare proxy and the TTFB client run from these: under the tsx loader the bare proxy measured
 * about 30% slower and 20 MB larger, which would flatter Portico (it runs from dist/).
 */
export function transpileBench(outputDirectory: string): string {
  mkdirSync(outputDirectory, { recursive: true });
  writeFileSync(join(outputDirectory, 'package.json'), '{ "type": "module" }\n');
  for (const file of readdirSync(benchDirectory)) {
    if (!file.endsWith('.ts')) continue;
    const { outputText } = ts.transpileModule(readFileSync(join(benchDirectory, file), 'utf8'), {
      compilerOptions: {
        module: ts.ModuleKind.ES2022,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
      },
      fileName: file,
    });
    // Package imports are pinned to the repository's node_modules, since the copies live in a temp dir.
    const resolved = outputText.replace(
      bareImport,
      (_match, prefix: string, specifier: string) => `${prefix}'${import.meta.resolve(specifier)}'`,
    );
    writeFileSync(join(outputDirectory, file.replace(/\.ts$/, '.js')), resolved);
  }
  return outputDirectory;
}
