import { existsSync } from 'node:fs';

/** The config file to load: the flag, else `PORTICO_CONFIG`, else `./portico.yaml` when present. */
export function findConfigFile(flag: string | undefined): string | undefined {
  if (flag !== undefined) return flag;
  const fromEnv = process.env['PORTICO_CONFIG'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return existsSync('portico.yaml') ? 'portico.yaml' : undefined;
}
