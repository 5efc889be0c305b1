import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  awsSigningKey,
  signAwsRequest,
  type AwsSigningInput,
} from '../../../../src/providers/bedrock/sign-aws-request.js';

/**
 * Vectors of the AWS Signature Version 4 test suite (https://docs.aws.amazon.com/IAM/latest/UserGuide/signature-v4-test-suite.html):
 * credentials AKIDEXAMPLE, region us-east-1, service `service`, 2015-08-30T12:36:00Z, host example.amazonaws.com.
 */
const suite: Omit<AwsSigningInput, 'method' | 'url'> = {
  headers: {},
  body: '',
  region: 'us-east-1',
  service: 'service',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  date: new Date('2015-08-30T12:36:00Z'),
};
const suiteCredential = 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request';

describe('signAwsRequest', () => {
  it('matches the get-vanilla vector exactly', () => {
    const headers = signAwsRequest({ ...suite, method: 'GET', url: 'https://example.amazonaws.com/' });
    expect(headers).toEqual({
      'x-amz-date': '20150830T123600Z',
      authorization: `${suiteCredential}, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31`,
    });
  });

  it('matches the post-vanilla vector (empty body hashed as the empty string)', () => {
    const headers = signAwsRequest({ ...suite, method: 'POST', url: 'https://example.amazonaws.com/' });
    expect(headers['authorization']).toBe(
      `${suiteCredential}, SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b`,
    );
  });

  it('matches the get-vanilla-query-order-key-case vector (query sorted before signing)', () => {
    const headers = signAwsRequest({
      ...suite,
      method: 'GET',
      url: 'https://example.amazonaws.com/?Param2=value2&Param1=value1',
    });
    expect(headers['authorization']).toMatch(
      /Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500$/,
    );
  });

  it('derives the published signing key', () => {
    expect(
      awsSigningKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20150830', 'us-east-1', 'service').toString(
        'hex',
      ),
    ).toBe('938127b5336810ddb6a5d6af445fcac9e371f9ed418ed386b022aed82901be75');
  });

  it('signs a Bedrock call: body hash, sorted lower-case headers, the model id encoded twice in the path', () => {
    const body = '{"messages":[]}';
    const date = new Date('2025-01-02T03:04:05.678Z');
    const headers = signAwsRequest({
      method: 'POST',
      url: 'https://bedrock-runtime.us-west-2.amazonaws.com/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse',
      headers: { 'Content-Type': 'application/json', 'X-Custom': '  a   b ' },
      body,
      region: 'us-west-2',
      service: 'bedrock',
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'SECRET' },
      date,
    });
    // The canonical request written out by hand, from the SigV4 rules rather than from the code.
    const canonical = [
      'POST',
      '/model/anthropic.claude-3-5-haiku-20241022-v1%253A0/converse',
      '',
      'content-type:application/json',
      'host:bedrock-runtime.us-west-2.amazonaws.com',
      'x-amz-date:20250102T030405Z',
      'x-custom:a b',
      '',
      'content-type;host;x-amz-date;x-custom',
      createHash('sha256').update(body).digest('hex'),
    ].join('\n');
    const stringToSign = [
      'AWS4-HMAC-SHA256',
      '20250102T030405Z',
      '20250102/us-west-2/bedrock/aws4_request',
      createHash('sha256').update(canonical).digest('hex'),
    ].join('\n');
    const signature = createHmac('sha256', awsSigningKey('SECRET', '20250102', 'us-west-2', 'bedrock'))
      .update(stringToSign)
      .digest('hex');
    expect(headers).toEqual({
      'content-type': 'application/json',
      'x-custom': '  a   b ',
      'x-amz-date': '20250102T030405Z',
      authorization: `AWS4-HMAC-SHA256 Credential=AKID/20250102/us-west-2/bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-custom, Signature=${signature}`,
    });
  });

  it('sends and signs a session token as x-amz-security-token', () => {
    const headers = signAwsRequest({
      ...suite,
      method: 'GET',
      url: 'https://example.amazonaws.com/',
      credentials: { ...suite.credentials, sessionToken: 'TOKEN' },
    });
    expect(headers['x-amz-security-token']).toBe('TOKEN');
    expect(headers['authorization']).toContain('SignedHeaders=host;x-amz-date;x-amz-security-token,');
  });

  it('signs the port as part of the host when it is not the default', () => {
    const withPort = signAwsRequest({ ...suite, method: 'GET', url: 'http://127.0.0.1:8123/' });
    const withoutPort = signAwsRequest({ ...suite, method: 'GET', url: 'http://127.0.0.1/' });
    expect(withPort['authorization']).not.toBe(withoutPort['authorization']);
  });
});
