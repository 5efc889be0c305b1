import { joinUrl } from '../join-url.js';
import { modelPathSegment } from '../model-path-segment.js';

/** The Bedrock runtime operations Portico calls, each a path under `/model/{modelId}/`. */
export type BedrockOperation = 'converse' | 'converse-stream' | 'invoke';

/** A model id (`anthropic.claude-3-5-sonnet-20240620-v1:0`) or an ARN (`arn:aws:bedrock:…:inference-profile/…`). */
const bedrockModelIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:/@-]*$/;

/**
 * `{base}/model/{modelId}/{operation}`. Model ids hold `:` (`…-v1:0`) and ARNs hold `:` and `/`,
 * so the id is percent-encoded as one path segment, as the AWS SDKs do; other characters are
 * refused with `invalid_request`.
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_RequestSyntax
 */
export function bedrockModelUrl(baseUrl: string, modelId: string, operation: BedrockOperation): string {
  return joinUrl(baseUrl, `/model/${modelPathSegment(modelId, modelId, bedrockModelIdPattern)}/${operation}`);
}

/** The regional Bedrock runtime endpoint, e.g. `https://bedrock-runtime.us-east-1.amazonaws.com`. */
export function bedrockRuntimeUrl(region: string): string {
  return `https://bedrock-runtime.${region}.amazonaws.com`;
}
