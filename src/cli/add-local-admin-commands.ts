import type { Command } from 'commander';
import pc from 'picocolors';
import { resetPasswordCommand, type ResetPasswordOptions } from './reset-password-command.js';

/** `portico admin …`: administration done on the store itself, for when the admin API cannot help. */
export function addLocalAdminCommands(program: Command): void {
  const admin = program
    .command('admin')
    .description('local administration on the store directly (the server need not run)');
  admin
    .command('reset-password')
    .description(
      "reset a user's password and revoke their sessions and admin tokens; prints a one-time password unless --password-stdin",
    )
    .option('-c, --config <file>', 'YAML config file (for storage.url; DATABASE_URL wins)')
    .option('-u, --user <username>', 'the user to reset', 'admin')
    .option('--password-stdin', 'read the new password from stdin (it need not be changed at sign-in)')
    .action(async (options: ResetPasswordOptions) => {
      try {
        await resetPasswordCommand(options, { stdin: process.stdin, stdout: process.stdout });
      } catch (error) {
        if (!(error instanceof Error)) throw error;
        process.stderr.write(`${pc.red('Error')}: ${error.message}\n`);
        process.exitCode = 1;
      }
    });
}
