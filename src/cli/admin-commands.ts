import { dirname } from 'node:path';
import { inlineOpenApiFilesInYaml } from '../config/inline-openapi-files.js';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { referencedVariables } from '../control-plane/apply/parse-apply-document.js';
import { callAdmin, type AdminTarget } from './admin-api-client.js';

interface TargetOptions {
  url?: string;
  token?: string;
}

function target(options: TargetOptions): AdminTarget {
  const token = options.token ?? process.env['PORTICO_ADMIN_TOKEN'];
  if (token === undefined || token === '') {
    throw new Error(
      'An admin token is needed: pass --token or set PORTICO_ADMIN_TOKEN (create one with POST /api/admin/tokens; see docs/operations.md).',
    );
  }
  return { url: options.url ?? process.env['PORTICO_ADMIN_URL'] ?? 'http://127.0.0.1:8081', token };
}

function withTarget(command: Command): Command {
  return command
    .option('--url <url>', 'admin API base URL (default $PORTICO_ADMIN_URL or http://127.0.0.1:8081)')
    .option('--token <token>', 'admin API token (default $PORTICO_ADMIN_TOKEN)');
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** `portico apply|export|keys|tenants`: conveniences over the admin API. */
export function addAdminCommands(program: Command): void {
  withTarget(
    program
      .command('apply')
      .description(
        'apply a declarative YAML file to the store (idempotent; objects not in the file are kept)',
      )
      .requiredOption('-f, --file <file>', 'YAML file in the config format')
      .option('--dry-run', 'show what would change, change nothing'),
  ).action(async (options: TargetOptions & { file: string; dryRun?: boolean }) => {
    // The server reads no files: OpenAPI documents named by `openapi_file` travel inline.
    const yaml = inlineOpenApiFilesInYaml(readFileSync(options.file, 'utf8'), dirname(options.file));
    const dryRun = options.dryRun === true;
    // `${VAR}` references resolve from this shell's environment, not the server's: only the
    // variables the file names are sent, over the admin connection.
    const env: Record<string, string> = {};
    for (const name of referencedVariables(yaml)) {
      const value = process.env[name];
      if (value !== undefined) env[name] = value;
    }
    const { json } = await callAdmin(target(options), 'POST', `/api/admin/apply?dry_run=${dryRun}`, {
      yaml,
      env,
    });
    print(json);
  });

  withTarget(
    program.command('export').description('print the store as YAML (secrets as ${VAR} references)'),
  ).action(async (options: TargetOptions) => {
    const { text } = await callAdmin(target(options), 'GET', '/api/admin/export');
    process.stdout.write(text);
  });

  const keys = program.command('keys').description('API keys of an app');
  withTarget(
    keys
      .command('create')
      .requiredOption('--app <appId>', 'app that owns the key')
      .requiredOption('--name <name>', 'label of the key')
      .option('--expires-at <iso>', 'expiry (ISO 8601)'),
  ).action(async (options: TargetOptions & { app: string; name: string; expiresAt?: string }) => {
    const body = {
      name: options.name,
      ...(options.expiresAt === undefined ? {} : { expires_at: Date.parse(options.expiresAt) }),
    };
    const { json } = await callAdmin(
      target(options),
      'POST',
      `/api/admin/apps/${encodeURIComponent(options.app)}/keys`,
      body,
    );
    print(json);
    process.stderr.write('The key is shown only now: store it safely.\n');
  });
  withTarget(keys.command('list').requiredOption('--app <appId>', 'app whose keys to list')).action(
    async (options: TargetOptions & { app: string }) => {
      const { json } = await callAdmin(
        target(options),
        'GET',
        `/api/admin/apps/${encodeURIComponent(options.app)}/keys`,
      );
      print(json);
    },
  );
  withTarget(keys.command('revoke').argument('<keyId>', 'key id')).action(
    async (keyId: string, options: TargetOptions) => {
      const { json } = await callAdmin(
        target(options),
        'POST',
        `/api/admin/keys/${encodeURIComponent(keyId)}/revoke`,
        {},
      );
      print(json);
    },
  );

  const tenants = program.command('tenants').description('tenants (teams)');
  withTarget(tenants.command('list')).action(async (options: TargetOptions) => {
    const { json } = await callAdmin(target(options), 'GET', '/api/admin/tenants');
    print(json);
  });
  withTarget(
    tenants
      .command('create')
      .requiredOption('--name <name>', 'url-safe handle, e.g. team-a')
      .option('--display-name <text>', 'human-readable name'),
  ).action(async (options: TargetOptions & { name: string; displayName?: string }) => {
    const { json } = await callAdmin(target(options), 'POST', '/api/admin/tenants', {
      name: options.name,
      display_name: options.displayName ?? options.name,
    });
    print(json);
  });
}
