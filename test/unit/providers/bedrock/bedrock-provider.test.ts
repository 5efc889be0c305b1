import { request as undiciRequest } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../../src/core/chat.js';
import {
  bedrockProviderType,
  createBedrockProvider,
} from '../../../../src/providers/bedrock/bedrock-provider.js';
import { signAwsRequest } from '../../../../src/providers/bedrock/sign-aws-request.js';
import type { ProviderSettings } from '../../../../src/providers/provider.js';
import { FakeUpstream } from '../../../support/fake-upstream.js';

const cloud = {
  region: 'eu-west-3',
  awsAccessKeyId: 'AKIDEXAMPLE',
  awsSecretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const settings: ProviderSettings = {
  id: 'bedrock-main',
  type: 'bedrock',
  baseUrl: 'https://bedrock-runtime.eu-west-3.amazonaws.com',
  headers: {},
  cloud,
};
const chat: ChatRequest = {
  model: 'anthropic.claude-3-5-haiku-20241022-v1:0',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  stream: false,
  includeUsage: false,
};
const fixedClock = (): Date => new Date('2025-03-04T05:06:07Z');

describe('bedrockProviderType', () => {
  it('declares a keyless type whose base URL follows the region', () => {
    expect(bedrockProviderType).toMatchObject({
      name: 'bedrock',
      label: 'Amazon Bedrock',
      requiresApiKey: false,
    });
    expect(bedrockProviderType).not.toHaveProperty('defaultBaseUrl');
    expect(bedrockProviderType.baseUrlFor?.({ region: 'ap-south-1' })).toBe(
      'https://bedrock-runtime.ap-south-1.amazonaws.com',
    );
    expect(bedrockProviderType.baseUrlFor?.({})).toBeUndefined();
  });

  it('requires a region and both AWS keys', () => {
    expect(bedrockProviderType.checkCloud?.(cloud)).toEqual([]);
    expect(bedrockProviderType.checkCloud?.({})).toEqual([
      { field: 'region', problem: 'is required' },
      { field: 'aws_access_key_id', problem: 'is required' },
      { field: 'aws_secret_access_key', problem: 'is required' },
    ]);
  });

  it('creates a provider with event-stream framing, chat and embeddings, and no passthrough', () => {
    const provider = bedrockProviderType.create(settings);
    expect(provider.streamFraming).toBe('aws-event-stream');
    expect(provider.settings).toBe(settings);
    expect('passthroughRequest' in provider).toBe(false);
    expect(typeof provider.embeddingsRequest).toBe('function');
  });
});

describe('createBedrockProvider', () => {
  it('posts to /model/{encoded id}/converse, signed for the bedrock service at the clock time', () => {
    const upstream = createBedrockProvider(settings, fixedClock).chatRequest({ ...chat, seed: 3 });
    expect(upstream.method).toBe('POST');
    expect(upstream.url).toBe(
      'https://bedrock-runtime.eu-west-3.amazonaws.com/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse',
    );
    const { authorization, ...rest } = upstream.headers;
    expect(rest).toEqual({ 'content-type': 'application/json', 'x-amz-date': '20250304T050607Z' });
    expect(authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20250304\/eu-west-3\/bedrock\/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
    expect(JSON.parse(upstream.body ?? '')).toEqual({
      messages: [{ role: 'user', content: [{ text: 'Hi' }] }],
    });
    expect(upstream.warnings).toEqual(['seed is not supported by bedrock; ignored']);
  });

  it('streams through /converse-stream and signs configured headers and the session token', () => {
    const upstream = createBedrockProvider(
      { ...settings, headers: { 'x-team': 'search' }, cloud: { ...cloud, awsSessionToken: 'SESSION' } },
      fixedClock,
    ).chatRequest({ ...chat, stream: true });
    expect(upstream.url).toMatch(/\/converse-stream$/);
    expect(upstream.headers['x-team']).toBe('search');
    expect(upstream.headers['x-amz-security-token']).toBe('SESSION');
    expect(upstream.headers['authorization']).toContain(
      'SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-team,',
    );
    expect(upstream).not.toHaveProperty('warnings');
  });

  it('builds a Titan embeddings call on /invoke', () => {
    const upstream = createBedrockProvider(settings, fixedClock).embeddingsRequest?.({
      model: 'amazon.titan-embed-text-v2:0',
      input: ['hello'],
      dimensions: 512,
      user: 'u1',
    });
    expect(upstream?.url).toBe(
      'https://bedrock-runtime.eu-west-3.amazonaws.com/model/amazon.titan-embed-text-v2%3A0/invoke',
    );
    expect(JSON.parse(upstream?.body ?? '')).toEqual({
      inputText: 'hello',
      dimensions: 512,
      normalize: true,
    });
    expect(upstream?.warnings).toEqual(['user is not supported by bedrock; ignored']);
  });

  describe('against a server that checks the signature', () => {
    const server = new FakeUpstream(() => ({ kind: 'json', body: {} }));
    let base = '';
    beforeAll(async () => {
      base = await server.start();
    });
    afterAll(() => server.stop());

    it('signs exactly the request the server receives (path, host with port, headers, body)', async () => {
      const upstream = createBedrockProvider(
        { ...settings, baseUrl: base, headers: { 'x-team': 'a  b' } },
        () => new Date(),
      ).chatRequest({ ...chat, stream: true });
      await (
        await undiciRequest(upstream.url, {
          method: 'POST',
          headers: upstream.headers,
          body: upstream.body ?? null,
        })
      ).body.text();
      const received = server.requests.at(-1);
      const header = (name: string): string => String(received?.headers[name] ?? '');
      const resigned = signAwsRequest({
        method: received?.method ?? '',
        url: `http://${header('host')}${received?.url ?? ''}`,
        headers: { 'content-type': header('content-type'), 'x-team': header('x-team') },
        body: JSON.stringify(received?.body),
        region: cloud.region,
        service: 'bedrock',
        credentials: { accessKeyId: cloud.awsAccessKeyId, secretAccessKey: cloud.awsSecretAccessKey },
        date: amzDateToDate(header('x-amz-date')),
      });
      expect(received?.url).toBe('/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse-stream');
      expect(header('authorization')).toBe(resigned['authorization']);
    });
  });
});

function amzDateToDate(amzDate: string): Date {
  return new Date(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
}
