import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Command, InvalidArgumentError } from 'commander';
import pc from 'picocolors';
import { ConfigError } from '../config/config-error.js';
import { addAdminCommands } from './admin-commands.js';
import { AdminCallError } from './admin-api-client.js';
import { addLocalAdminCommands } from './add-local-admin-commands.js';
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
  .version(packageJson.version, '-v, --version');

program
  .command('start')
  .description('start the gateway (OpenAI-compatible API on :8080 by default)')
  .option(
    '-c, --config <file>',
    'YAML config file (default: $PORTICO_CONFIG, else ./portico.yaml if present)',
  )
  .option('-p, --port <port>', 'data-plane port (overrides server.port)', parsePort)
  .option('--host <host>', 'data-plane bind address (overrides server.host)')
  .option('--admin-port <port>', 'admin API port (overrides control_plane.port)', parsePort)
  .option(
    '-w, --workers <count>',
    "data-plane worker processes: a number, or 'auto' for one per core (default 1: no workers)",
    parseWorkers,
  )
  .action(async (options: StartOptions) => {
    try {
      await startCommand(options);
    } catch (error) {
      if (error instanceof ConfigError) {
        process.stderr.write(`${pc.red('Configuration error')} in ${error.message}\n`);
        process.exit(2);
      }
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ERR_WORKER_START') {
        process.stderr.write(`${pc.red('Cannot start the workers')}: ${(error as Error).message}\n`);
        process.exit(1);
      }
      if (code === 'EADDRINUSE' || code === 'EACCES') {
        process.stderr.write(`${pc.red('Cannot listen')}: ${(error as Error).message}\n`);
        process.exit(1);
      }
      throw error;
    }
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
  if (
    error instanceof AdminCallError ||
    (error instanceof Error && error.message.startsWith('An admin token'))
  ) {
    process.stderr.write(`${pc.red('Error')}: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
