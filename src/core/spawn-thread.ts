import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts the worker thread whose entry module `name` (without extension) sits beside the module
 * at `beside` (its `import.meta.url`), from `dist/` as plain JavaScript or, when running from
 * source (tests, `npm run dev`), through tsx: Node 20 cannot load `.ts` files itself.
 */
export function spawnThread(beside: string, name: string, options: WorkerOptions): Worker {
  if (fileURLToPath(beside).endsWith('.ts')) {
    const tsx = import.meta.resolve('tsx/esm/api');
    const entry = new URL(`./${name}.ts`, beside).href;
    const code = `import(${JSON.stringify(tsx)}).then((api) => api.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`;
    return new Worker(code, { ...options, eval: true });
  }
  return new Worker(new URL(`./${name}.js`, beside), options);
}
