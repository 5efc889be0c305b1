import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CredentialsTable, UsersTable } from '../../../../src/storage/database-schema.js';
import { openStore, type Store } from '../../../../src/storage/open-store.js';
import { auditRepository } from '../../../../src/storage/repositories/audit-repository.js';
import { credentialRepository } from '../../../../src/storage/repositories/credential-repository.js';
import { tenantRepository } from '../../../../src/storage/repositories/tenant-repository.js';
import { userRepository } from '../../../../src/storage/repositories/user-repository.js';

const user: UsersTable = {
  id: 'usr_1',
  username: 'ada',
  password_hash: 'h',
  role: 'developer',
  tenant_id: 'ten_1',
  disabled: 0,
  must_change_password: 0,
  created_at: 1,
  updated_at: 1,
};

function credential(id: string, kind: CredentialsTable['kind']): CredentialsTable {
  return {
    id,
    kind,
    user_id: 'usr_1',
    name: id,
    prefix: 'p',
    secret_hash: `hash-${id}`,
    expires_at: null,
    revoked_at: null,
    last_used_at: null,
    created_at: 1,
  };
}

describe('user, credential and audit repositories', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore(':memory:');
    await tenantRepository.insert(store.db, {
      id: 'ten_1',
      name: 'team-a',
      display_name: 'Team A',
      created_at: 1,
      updated_at: 1,
    });
    await userRepository.insert(store.db, user);
    for (const row of [
      credential('ses_1', 'session'),
      credential('ses_2', 'session'),
      credential('pat_1', 'token'),
    ])
      await credentialRepository.insert(store.db, row);
  });
  afterEach(() => store.close());

  const revoked = async () =>
    (await store.db.selectFrom('credentials').select(['id', 'revoked_at']).orderBy('id').execute()).map(
      (row) => `${row.id}:${row.revoked_at ?? '-'}`,
    );

  it('revokes every credential of a user but the one kept', async () => {
    await credentialRepository.revokeAllOfUser(store.db, 'usr_1', 7, 'ses_1');
    expect(await revoked()).toEqual(['pat_1:7', 'ses_1:-', 'ses_2:7']);
  });

  it('revokes only sessions when asked to', async () => {
    await credentialRepository.revokeSessions(store.db, 'usr_1', 8);
    expect(await revoked()).toEqual(['pat_1:-', 'ses_1:8', 'ses_2:8']);
  });

  it("finds and lists only the user's admin tokens", async () => {
    expect((await credentialRepository.findToken(store.db, 'usr_1', 'pat_1'))?.id).toBe('pat_1');
    expect(await credentialRepository.findToken(store.db, 'usr_1', 'ses_1')).toBeUndefined();
    expect(await credentialRepository.findToken(store.db, 'usr_2', 'pat_1')).toBeUndefined();
    const tokens = await credentialRepository.listTokens(store.db, 'usr_1', { after: undefined, limit: 5 });
    expect(tokens.map((row) => row.id)).toEqual(['pat_1']);
  });

  it('updates the given user fields and deletes a user with their credentials', async () => {
    await userRepository.update(store.db, 'usr_1', { disabled: 1, updated_at: 3 });
    expect(await userRepository.findByUsername(store.db, 'ada')).toEqual({
      ...user,
      disabled: 1,
      updated_at: 3,
    });
    await userRepository.remove(store.db, 'usr_1');
    expect(await userRepository.find(store.db, 'usr_1')).toBeUndefined();
    expect(await revoked()).toEqual([]);
  });

  it('deletes a tenant with its users and its limits', async () => {
    await tenantRepository.remove(store.db, 'ten_1');
    expect(await userRepository.list(store.db, undefined, { after: undefined, limit: 5 })).toEqual([]);
    expect(await tenantRepository.findByName(store.db, 'team-a')).toBeUndefined();
  });

  it('stores audit before/after as JSON and lists them newest first, filtered', async () => {
    const entry = {
      actor: 'system',
      target_type: 'user',
      target_id: 'usr_1',
      tenant_id: 'ten_1',
      before: null,
    };
    await auditRepository.insert(store.db, { ...entry, at: 10, action: 'user.create', after: { a: 1 } });
    await auditRepository.insert(store.db, { ...entry, at: 20, action: 'user.update', after: { a: 2 } });
    const all = await auditRepository.list(store.db, {}, { before: undefined, limit: 5 });
    expect(all.map((row) => [row.action, row.after])).toEqual([
      ['user.update', { a: 2 }],
      ['user.create', { a: 1 }],
    ]);
    const older = await auditRepository.list(store.db, { from: 5, to: 15 }, { before: undefined, limit: 5 });
    expect(older.map((row) => row.action)).toEqual(['user.create']);
    const after = await auditRepository.list(store.db, {}, { before: all[0]?.id, limit: 5 });
    expect(after.map((row) => row.action)).toEqual(['user.create']);
  });
});
