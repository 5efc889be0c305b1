import { joinUrl } from '../join-url.js';

/** The Bedrock runtime operations Portico calls, each a path under `/model/{modelId}/`. */
export type BedrockOperation = 'converse' | 'converse-stream' | 'invoke';

/**
 * `{base}/model/{modelId}/{operation}`. Model ids hold `:` (`…-v1:0`) and ARNs hold `:` and `/`,
 * so the id is percent-encoded as one path segment, as the AWS SDKs do.
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_RequestSyntax
 */
export function bedrockModelUrl(baseUrl: string, modelId: string, operation: BedrockOperation): string {
  return joinUrl(baseUrl, `/model/${encodeURIComponent(modelId)}/${operation}`);
}

/** The regional Bedrock runtime endpoint, e.g. `https://bedrock-runtime.us-east-1.amazonaws.com`. */
export function bedrockRuntimeUrl(region: string): string {
  return `https://bedrock-runtime.${region}.amazonaws.com`;
}
