import { describe, expect, it } from 'vitest';
import { WebhookTargetPolicy } from '../../../src/policy/webhook-target-policy.js';

describe('WebhookTargetPolicy', () => {
  const strict = new WebhookTargetPolicy();

  it('refuses loopback, private, link-local, unspecified, multicast and reserved addresses', () => {
    for (const address of [
      '127.0.0.1',
      '127.9.9.9',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.0.10',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::',
      '::1',
      '::ffff:127.0.0.1',
      '::ffff:a9fe:a9fe',
      '64:ff9b::7f00:1',
      '2002:7f00:1::1',
      'fc00::1',
      'fd12:3456::1',
      'fe80::1',
      'ff02::1',
    ]) {
      expect(strict.addressProblem(address, address), address).toContain('allow_private_targets');
    }
  });

  it('lets public addresses through', () => {
    for (const address of ['8.8.8.8', '172.32.0.1', '1.1.1.1', '2001:4860:4860::8888', '::ffff:8.8.8.8']) {
      expect(strict.addressProblem(address, address)).toBeUndefined();
    }
  });

  it('allows what the operator lists: addresses, ranges and host names', () => {
    const policy = new WebhookTargetPolicy(['127.0.0.1', '10.0.0.0/8', 'fd00::/8', 'Alerts.Internal']);
    expect(policy.addressProblem('127.0.0.1', '127.0.0.1')).toBeUndefined();
    expect(policy.addressProblem('127.0.0.2', '127.0.0.2')).toBeDefined();
    expect(policy.addressProblem('x', '10.200.0.1')).toBeUndefined();
    expect(policy.addressProblem('x', 'fd00::5')).toBeUndefined();
    expect(policy.addressProblem('alerts.internal', '192.168.1.1')).toBeUndefined();
  });

  it('checks the URL: scheme, then an address literal in any spelling', async () => {
    expect(strict.urlProblem('ftp://example.com/')).toContain('http');
    expect(strict.urlProblem('not a url')).toContain('not a URL');
    for (const url of [
      'http://2130706433/',
      'http://0x7f.1/',
      'http://[::1]:8081/',
      'http://[::ffff:10.0.0.1]/',
    ])
      expect(strict.urlProblem(url)).toBeDefined();
    expect(await strict.check('http://localhost:8081/')).toContain('localhost resolves to 127.0.0.1');
    expect(await strict.check('https://hooks.example/alert')).toBeUndefined();
  });

  it('refuses a malformed range', () => {
    expect(() => new WebhookTargetPolicy(['10.0.0.0/40'])).toThrow();
  });
});
