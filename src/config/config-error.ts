/** A configuration problem found at start: names the file, the path inside it and what is wrong. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${file}: ${path === '' ? '' : `${path}: `}${problem}`);
    this.name = 'ConfigError';
  }
}
