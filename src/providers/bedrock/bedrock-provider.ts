import type { CloudSettings } from '../provider-config.js';
import type { Provider, ProviderSettings, ProviderType, UpstreamRequest } from '../provider.js';
import { usesJsonResponseTool } from '../anthropic-shape/json-response-tool.js';
import { bedrockErrorDetail } from './bedrock-error-detail.js';
import { bedrockModelUrl, bedrockRuntimeUrl, type BedrockOperation } from './bedrock-model-url.js';
import { ConverseStreamDecoder } from './converse-stream-decoder.js';
import { fromConverseResponse } from './from-converse-response.js';
import { signAwsRequest } from './sign-aws-request.js';
import { readTitanEmbeddings, toTitanEmbeddingsBody } from './titan-embeddings.js';
import { toConverseRequest } from './to-converse-request.js';

/** The SigV4 service name of the Bedrock runtime (not `bedrock-runtime`). */
const signingService = 'bedrock';

/**
 * A translator to Amazon Bedrock: chat through Converse / ConverseStream for every model family
 * (Claude, Llama, Mistral, Nova, …), embeddings through Titan's InvokeModel body. Each call is
 * signed with AWS SigV4 at the time it is built.
 *
 * @param now Clock used for signing; tests pass a fixed one.
 */
export function createBedrockProvider(
  settings: ProviderSettings,
  now: () => Date = () => new Date(),
): Provider {
  const post = (
    model: string,
    operation: BedrockOperation,
    body: object,
    warnings: string[] = [],
  ): UpstreamRequest => {
    const url = bedrockModelUrl(settings.baseUrl, model, operation);
    const text = JSON.stringify(body);
    return {
      method: 'POST',
      url,
      headers: signedHeaders(settings, url, text, now()),
      body: text,
      ...(warnings.length === 0 ? {} : { warnings }),
    };
  };
  return {
    settings,
    dialect: 'bedrock-converse',
    streamFraming: 'aws-event-stream',
    chatRequest(request) {
      const { body, warnings } = toConverseRequest(request);
      return post(request.model, request.stream ? 'converse-stream' : 'converse', body, warnings);
    },
    chatResponse: (body, request) => fromConverseResponse(body, request),
    chatStreamDecoder: (request) =>
      new ConverseStreamDecoder(settings.id, request.model, usesJsonResponseTool(request)),
    embeddingsRequest(request) {
      const warnings = request.user === undefined ? [] : ['user is not supported by bedrock; ignored'];
      return post(request.model, 'invoke', toTitanEmbeddingsBody(request), warnings);
    },
    embeddingsResponse: readTitanEmbeddings,
    errorDetail: bedrockErrorDetail,
  };
}

/** Configured headers first, so the signature covers exactly what is sent. */
function signedHeaders(
  settings: ProviderSettings,
  url: string,
  body: string,
  date: Date,
): Record<string, string> {
  const { region, awsAccessKeyId, awsSecretAccessKey, awsSessionToken } = settings.cloud;
  return signAwsRequest({
    method: 'POST',
    url,
    headers: { ...settings.headers, 'content-type': 'application/json' },
    body,
    region: region ?? '',
    service: signingService,
    credentials: {
      accessKeyId: awsAccessKeyId ?? '',
      secretAccessKey: awsSecretAccessKey ?? '',
      ...(awsSessionToken === undefined ? {} : { sessionToken: awsSessionToken }),
    },
    date,
  });
}

/** Missing cloud settings, by config field name; config loading refuses the provider until they are set. */
function checkBedrockCloud(cloud: CloudSettings): { field: string; problem: string }[] {
  const problems: { field: string; problem: string }[] = [];
  if (cloud.region === undefined) problems.push({ field: 'region', problem: 'is required' });
  if (cloud.awsAccessKeyId === undefined)
    problems.push({ field: 'aws_access_key_id', problem: 'is required' });
  if (cloud.awsSecretAccessKey === undefined)
    problems.push({ field: 'aws_secret_access_key', problem: 'is required' });
  return problems;
}

/** Amazon Bedrock, signed with AWS access keys; the endpoint follows `region` unless `base_url` is set. */
export const bedrockProviderType: ProviderType = {
  name: 'bedrock',
  label: 'Amazon Bedrock',
  requiresApiKey: false,
  baseUrlFor: (cloud) => (cloud.region === undefined ? undefined : bedrockRuntimeUrl(cloud.region)),
  checkCloud: checkBedrockCloud,
  create: (settings) => createBedrockProvider(settings),
};
