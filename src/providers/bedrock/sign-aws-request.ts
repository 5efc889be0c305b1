import { createHash, createHmac } from 'node:crypto';

/** Long-term or temporary AWS credentials. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** STS session token of temporary credentials; sent (and signed) as `x-amz-security-token`. */
  sessionToken?: string;
}

/** One HTTP request to sign, and where it goes. */
export interface AwsSigningInput {
  method: string;
  /** Absolute URL as it will be sent (path already percent-encoded where needed). */
  url: string;
  /** Headers that will be sent, lower-case names; all of them are signed. */
  headers: Record<string, string>;
  /** The exact body bytes as text; empty for none. */
  body: string;
  /** Signing region, e.g. `us-east-1`. */
  region: string;
  /** Signing service name, e.g. `bedrock`. */
  service: string;
  credentials: AwsCredentials;
  /** Signing time; AWS rejects signatures more than five minutes off its clock. */
  date: Date;
}

/**
 * Signs a request with AWS Signature Version 4 and returns the headers to send: the input
 * headers plus `x-amz-date`, `x-amz-security-token` (with a session token) and `authorization`.
 * `host` is signed but not returned, as the HTTP client derives the same value from the URL.
 * The payload hash is the hex SHA-256 of the body; only S3 needs it sent as
 * `x-amz-content-sha256`, so it is not. https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
 */
export function signAwsRequest(input: AwsSigningInput): Record<string, string> {
  const url = new URL(input.url);
  const amzDate = input.date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const { accessKeyId, secretAccessKey, sessionToken } = input.credentials;
  const sent: Record<string, string> = {
    ...lowerCaseNames(input.headers),
    'x-amz-date': amzDate,
    ...(sessionToken === undefined ? {} : { 'x-amz-security-token': sessionToken }),
  };
  const signed: Record<string, string> = { ...sent, host: url.host };
  const signedNames = Object.keys(signed).sort();
  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalUri(url.pathname, input.service),
    canonicalQuery(url.searchParams),
    signedNames.map((name) => `${name}:${canonicalValue(signed[name] ?? '')}\n`).join(''),
    signedNames.join(';'),
    sha256Hex(input.body),
  ].join('\n');
  const scope = `${day}/${input.region}/${input.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = awsSigningKey(secretAccessKey, day, input.region, input.service);
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  return {
    ...sent,
    authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope}, SignedHeaders=${signedNames.join(';')}, Signature=${signature}`,
  };
}

/** The SigV4 signing key: HMAC chain over date, region, service and `aws4_request`. */
export function awsSigningKey(secretAccessKey: string, day: string, region: string, service: string): Buffer {
  let key = createHmac('sha256', `AWS4${secretAccessKey}`).update(day, 'utf8').digest();
  for (const part of [region, service, 'aws4_request']) {
    key = createHmac('sha256', key).update(part, 'utf8').digest();
  }
  return key;
}

/**
 * Every service but S3 encodes each path segment once more on top of the URL's own encoding,
 * so a Bedrock model id `…-v1:0` sent as `…-v1%3A0` is signed as `…-v1%253A0`.
 */
function canonicalUri(pathname: string, service: string): string {
  if (pathname === '') return '/';
  if (service === 's3') return pathname;
  return pathname
    .split('/')
    .map((segment) => encodeRfc3986(segment))
    .join('/');
}

/** Query parameters encoded per RFC 3986 and sorted by name, then value. */
function canonicalQuery(params: URLSearchParams): string {
  return [...params]
    .map(([name, value]) => [encodeRfc3986(name), encodeRfc3986(value)] as const)
    .sort(([nameA, valueA], [nameB, valueB]) =>
      nameA === nameB ? compare(valueA, valueB) : compare(nameA, nameB),
    )
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** Byte-order comparison, as SigV4 sorts by code point rather than by locale. */
function compare(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}

/** `encodeURIComponent` leaves `!'()*` alone; SigV4 wants only unreserved characters unencoded. */
function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Header values are trimmed and inner runs of spaces collapsed to one. */
function canonicalValue(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}

function lowerCaseNames(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
