import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Command, InvalidArgumentError, Option } from 'commander';
import pc from 'picocolors';
import { addAdminCommands } from './admin-commands.js';
import { addLocalAdminCommands } from './add-local-admin-commands.js';
import { describeCliError } from './describe-cli-error.js';
import { migrateCommand } from './migrate-command.js';
import { startCommand, type StartOptions } from './start-command.js';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError('must be an integer 0-65535');
  return port;
}

function parseWorkers(value: string): number {
  if (value === 'auto') return availableParallelism();
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 256)
    throw new InvalidArgumentError("must be 'auto' or an integer 1-256");
  return count;
}

const program = new Command()
  .name('portico')
  .description('AI gateway, API gateway and developer portal in one process')
  .version(packageJson.version, '-v, --version')
  .option('--debug', 'print the stack trace of an error (before or after the command)');

program
  .command('start')
  .description('start the gateway (OpenAI-compatible API on :8080 by default)')
  .option(
    '-c, --config <file>',
    'YAML config file (default: $PORTICO_CONFIG, else ./portico.yaml if present)',
  )
  .option('-p, --port <port>', 'data-plane port (overrides server.port)', parsePort)
  .option(
    '--host <host>',
    'data-plane bind address (overrides server.host; default 127.0.0.1 without API keys, 0.0.0.0 with)',
  )
  .option('--admin-port <port>', 'admin API port (overrides control_plane.port)', parsePort)
  .option(
    '-w, --workers <count>',
    "data-plane worker processes: a number, or 'auto' for one per core (default 1: no workers)",
    parseWorkers,
  )
  .addOption(
    new Option('--log-format <format>', 'log lines: pretty (default on a terminal) or json').choices([
      'json',
      'pretty',
    ]),
  )
  .action(async (options: StartOptions) => {
    await startCommand(options);
  });

program
  .command('migrate')
  .description('create or update the store schema (start does this too)')
  .option('-c, --config <file>', 'YAML config file (for storage.url; DATABASE_URL wins)')
  .action(async (options: { config?: string }) => {
    await migrateCommand(options);
  });

addAdminCommands(program);
addLocalAdminCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // One clear line for ordinary failures (server down, missing file); the stack only with --debug.
  const failure = describeCliError(error);
  process.stderr.write(`${pc.red(failure.message)}\n`);
  if (
    program.opts<{ debug?: boolean }>().debug === true &&
    error instanceof Error &&
    error.stack !== undefined
  )
    process.stderr.write(`${error.stack}\n`);
  else if (failure.exitCode !== 2) process.stderr.write(pc.dim('(run with --debug for the stack trace)\n'));
  process.exit(failure.exitCode);
}
