import type { ProviderType } from './provider.js';
import { anthropicProviderType } from './anthropic/anthropic-provider.js';
import { bedrockProviderType } from './bedrock/bedrock-provider.js';
import { cohereProviderType } from './cohere/cohere-provider.js';
import { geminiProviderType } from './gemini/gemini-provider.js';
import { vertexAnthropicProviderType } from './vertex/vertex-anthropic-provider.js';
import { vertexGeminiProviderType } from './vertex/vertex-gemini-provider.js';
import { azureOpenAiProviderType } from './openai/azure-openai-provider.js';
import { openAiProviderType } from './openai/openai-provider.js';
import { openAiCompatiblePresets, presetProviderType } from './openai-compatible-presets.js';

/** Every provider type by config name. A new translator adds one line here. */
export const providerTypes: ReadonlyMap<string, ProviderType> = new Map(
  [
    openAiProviderType,
    azureOpenAiProviderType,
    anthropicProviderType,
    geminiProviderType,
    vertexGeminiProviderType,
    vertexAnthropicProviderType,
    cohereProviderType,
    bedrockProviderType,
    ...openAiCompatiblePresets.map(presetProviderType),
  ].map((type) => [type.name, type]),
);
