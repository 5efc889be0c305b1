import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkVertexCloud,
  vertexBaseUrl,
  vertexLocation,
} from '../../../../src/providers/vertex/vertex-location.js';
import { vertexModelUrl } from '../../../../src/providers/vertex/vertex-model-url.js';

const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
  type: 'pkcs8',
  format: 'pem',
});
const key = (overrides: Record<string, unknown> = {}): string =>
  JSON.stringify({
    client_email: 'gw@p.iam.gserviceaccount.com',
    private_key: pem,
    token_uri: 'https://oauth2.googleapis.com/token',
    ...overrides,
  });

describe('vertexBaseUrl', () => {
  it('derives the regional host from the location, us-central1 when none is set', () => {
    expect(vertexLocation({})).toBe('us-central1');
    expect(vertexBaseUrl({})).toBe('https://us-central1-aiplatform.googleapis.com');
    expect(vertexBaseUrl({ location: 'europe-west4' })).toBe(
      'https://europe-west4-aiplatform.googleapis.com',
    );
  });

  it('uses the host without a prefix for the global location', () => {
    expect(vertexBaseUrl({ location: 'global' })).toBe('https://aiplatform.googleapis.com');
  });
});

describe('checkVertexCloud', () => {
  it('accepts a project with a usable key', () => {
    expect(checkVertexCloud({ project: 'p', serviceAccountJson: key() })).toEqual([]);
  });

  it('requires a project and a key', () => {
    expect(checkVertexCloud({})).toEqual([
      { field: 'project', problem: 'is required' },
      { field: 'service_account_json', problem: 'is required (or service_account_file)' },
    ]);
  });

  it('names what is wrong with the key', () => {
    expect(checkVertexCloud({ project: 'p', serviceAccountJson: 'nope' })).toEqual([
      { field: 'service_account_json', problem: 'is not valid JSON' },
    ]);
    expect(checkVertexCloud({ project: 'p', serviceAccountJson: key({ client_email: undefined }) })).toEqual([
      { field: 'service_account_json', problem: 'has no client_email' },
    ]);
    expect(checkVertexCloud({ project: 'p', serviceAccountJson: key({ private_key: 'x' }) })).toEqual([
      { field: 'service_account_json', problem: 'has a private_key that is not a PEM private key' },
    ]);
  });

  it('refuses a location that cannot be part of a host name', () => {
    expect(checkVertexCloud({ project: 'p', location: 'evil.com/x', serviceAccountJson: key() })).toEqual([
      { field: 'location', problem: "'evil.com/x' is not a Google Cloud location name" },
    ]);
  });
});

describe('vertexModelUrl', () => {
  const cloud = { project: 'my-proj', location: 'europe-west1' };

  it('addresses a publisher model in the project and location', () => {
    expect(
      vertexModelUrl('https://host/', cloud, 'anthropic', 'claude-sonnet-4@20250514', 'rawPredict'),
    ).toBe(
      'https://host/v1/projects/my-proj/locations/europe-west1/publishers/anthropic/models/claude-sonnet-4@20250514:rawPredict',
    );
  });

  it('asks Gemini streams for server-sent events', () => {
    expect(vertexModelUrl('https://host', cloud, 'google', 'gemini-2.5-pro', 'streamGenerateContent')).toBe(
      'https://host/v1/projects/my-proj/locations/europe-west1/publishers/google/models/gemini-2.5-pro:streamGenerateContent?alt=sse',
    );
  });

  it('keeps a model given as a full resource name', () => {
    expect(
      vertexModelUrl(
        'https://host',
        cloud,
        'google',
        'projects/my-proj/locations/y/endpoints/123',
        'generateContent',
      ),
    ).toBe('https://host/v1/projects/my-proj/locations/y/endpoints/123:generateContent');
  });

  it("refuses a full resource name outside the configured project or a model's path", () => {
    for (const model of [
      'projects/x/locations/y/endpoints/123',
      'projects/my-proj/locations/y/endpoints/../../../x',
      'projects/my-proj/locations/y/datasets/1',
    ]) {
      expect(() => vertexModelUrl('https://host', cloud, 'google', model, 'generateContent')).toThrow(
        /Invalid model name/,
      );
    }
  });
});
