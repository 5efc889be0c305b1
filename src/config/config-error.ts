/** One problem in a configuration: where it is and what is wrong there. */
export interface ConfigProblem {
  /** Path inside the document, e.g. `providers[0].api_key`; empty for the file as a whole. */
  path: string;
  /** What is wrong, e.g. `environment variable OPENAI_API_KEY is not set`. */
  problem: string;
}

/**
 * A configuration refused at start: names the file and every problem found in it (all of them,
 * so that one edit fixes the file). `path` and `problem` are the first one's.
 */
export class ConfigError extends Error {
  /** Every problem found, in document order within each check; at least one. */
  readonly problems: readonly ConfigProblem[];

  constructor(
    readonly file: string,
    readonly path: string,
    readonly problem: string,
    more: readonly ConfigProblem[] = [],
  ) {
    const problems = [{ path, problem }, ...more];
    super(
      problems.length === 1
        ? `${file}: ${describe(path, problem)}`
        : `${file}: ${problems.length} problems:\n${problems.map((item) => `  - ${describe(item.path, item.problem)}`).join('\n')}`,
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }

  /** One error for several problems; undefined when there are none. */
  static of(file: string, problems: readonly ConfigProblem[]): ConfigError | undefined {
    const [first, ...more] = problems;
    return first === undefined ? undefined : new ConfigError(file, first.path, first.problem, more);
  }
}

function describe(path: string, problem: string): string {
  return path === '' ? problem : `${path}: ${problem}`;
}
