import type { ProviderType } from './provider.js';
import { createOpenAiDialectProvider } from './openai/openai-dialect-provider.js';
import { bearerWire } from './openai/openai-provider.js';

/** A vendor that speaks the OpenAI wire format: configuration, not code. */
export interface OpenAiCompatiblePreset {
  name: string;
  label: string;
  /** Absent when the server runs wherever its operator put it. */
  defaultBaseUrl?: string;
  requiresApiKey: boolean;
  /** False where the vendor rejects `stream_options` (usage then comes from its final chunk, if any). */
  streamUsage: boolean;
  /** Where the base URL and quirks come from. */
  docs: string;
}

/** Vendors one config entry away. Adding one is adding a line here and a row in docs/providers.md. */
export const openAiCompatiblePresets: readonly OpenAiCompatiblePreset[] = [
  {
    name: 'openai-compatible',
    label: 'Any OpenAI-compatible server',
    requiresApiKey: false,
    streamUsage: true,
    docs: 'https://platform.openai.com/docs/api-reference/chat',
  },
  {
    name: 'groq',
    label: 'Groq',
    defaultBaseUrl: 'https://api.groq.com/openai/v1',
    requiresApiKey: true,
    streamUsage: true,
    docs: 'https://console.groq.com/docs/openai',
  },
  // Mistral rejects unknown request fields (422), and reports usage in its last chunk unasked.
  {
    name: 'mistral',
    label: 'Mistral AI',
    defaultBaseUrl: 'https://api.mistral.ai/v1',
    requiresApiKey: true,
    streamUsage: false,
    docs: 'https://docs.mistral.ai/api/',
  },
  {
    name: 'together',
    label: 'Together AI',
    defaultBaseUrl: 'https://api.together.xyz/v1',
    requiresApiKey: true,
    streamUsage: true,
    docs: 'https://docs.together.ai/docs/openai-api-compatibility',
  },
  {
    name: 'fireworks',
    label: 'Fireworks AI',
    defaultBaseUrl: 'https://api.fireworks.ai/inference/v1',
    requiresApiKey: true,
    streamUsage: true,
    docs: 'https://docs.fireworks.ai/tools-sdks/openai-compatibility',
  },
  {
    name: 'deepseek',
    label: 'DeepSeek',
    defaultBaseUrl: 'https://api.deepseek.com/v1',
    requiresApiKey: true,
    streamUsage: true,
    docs: 'https://api-docs.deepseek.com/',
  },
  {
    name: 'xai',
    label: 'xAI (Grok)',
    defaultBaseUrl: 'https://api.x.ai/v1',
    requiresApiKey: true,
    streamUsage: true,
    docs: 'https://docs.x.ai/docs/api-reference',
  },
  {
    name: 'openrouter',
    label: 'OpenRouter',
    defaultBaseUrl: 'https://openrouter.ai/api/v1',
    requiresApiKey: true,
    streamUsage: true,
    docs: 'https://openrouter.ai/docs/api-reference/overview',
  },
  // Perplexity serves at the root, without /v1, and always sends usage in its stream.
  {
    name: 'perplexity',
    label: 'Perplexity',
    defaultBaseUrl: 'https://api.perplexity.ai',
    requiresApiKey: true,
    streamUsage: false,
    docs: 'https://docs.perplexity.ai/api-reference/chat-completions-post',
  },
  {
    name: 'cerebras',
    label: 'Cerebras',
    defaultBaseUrl: 'https://api.cerebras.ai/v1',
    requiresApiKey: true,
    streamUsage: true,
    docs: 'https://inference-docs.cerebras.ai/resources/openai',
  },
  {
    name: 'vllm',
    label: 'vLLM',
    defaultBaseUrl: 'http://127.0.0.1:8000/v1',
    requiresApiKey: false,
    streamUsage: true,
    docs: 'https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html',
  },
  {
    name: 'lmstudio',
    label: 'LM Studio',
    defaultBaseUrl: 'http://127.0.0.1:1234/v1',
    requiresApiKey: false,
    streamUsage: true,
    docs: 'https://lmstudio.ai/docs/app/api/endpoints/openai',
  },
  {
    name: 'ollama',
    label: 'Ollama (OpenAI endpoint)',
    defaultBaseUrl: 'http://127.0.0.1:11434/v1',
    requiresApiKey: false,
    streamUsage: true,
    docs: 'https://github.com/ollama/ollama/blob/main/docs/openai.md',
  },
  {
    name: 'nvidia-nim',
    label: 'NVIDIA NIM',
    defaultBaseUrl: 'https://integrate.api.nvidia.com/v1',
    requiresApiKey: true,
    streamUsage: true,
    docs: 'https://docs.api.nvidia.com/nim/reference/llm-apis',
  },
  {
    name: 'deepinfra',
    label: 'DeepInfra',
    defaultBaseUrl: 'https://api.deepinfra.com/v1/openai',
    requiresApiKey: true,
    streamUsage: true,
    docs: 'https://deepinfra.com/docs/openai_api',
  },
  {
    name: 'sambanova',
    label: 'SambaNova',
    defaultBaseUrl: 'https://api.sambanova.ai/v1',
    requiresApiKey: true,
    streamUsage: true,
    docs: 'https://docs.sambanova.ai/cloud/docs/capabilities/openai-compatibility',
  },
  {
    name: 'moonshot',
    label: 'Moonshot AI (Kimi)',
    defaultBaseUrl: 'https://api.moonshot.ai/v1',
    requiresApiKey: true,
    streamUsage: true,
    docs: 'https://platform.moonshot.ai/docs/api/chat',
  },
  {
    name: 'huggingface',
    label: 'Hugging Face Inference Providers',
    defaultBaseUrl: 'https://router.huggingface.co/v1',
    requiresApiKey: true,
    streamUsage: true,
    docs: 'https://huggingface.co/docs/inference-providers/index',
  },
  // Text Generation Inference serves the OpenAI Messages API at /v1/chat/completions.
  {
    name: 'tgi',
    label: 'Hugging Face TGI / Inference Endpoints',
    defaultBaseUrl: 'http://127.0.0.1:8080/v1',
    requiresApiKey: false,
    streamUsage: true,
    docs: 'https://huggingface.co/docs/text-generation-inference/messages_api',
  },
  {
    name: 'nebius',
    label: 'Nebius AI Studio',
    defaultBaseUrl: 'https://api.studio.nebius.com/v1',
    requiresApiKey: true,
    streamUsage: true,
    docs: 'https://docs.nebius.com/studio/inference/api',
  },
  {
    name: 'hyperbolic',
    label: 'Hyperbolic',
    defaultBaseUrl: 'https://api.hyperbolic.xyz/v1',
    requiresApiKey: true,
    streamUsage: true,
    docs: 'https://docs.hyperbolic.xyz/docs/rest-api',
  },
  {
    name: 'novita',
    label: 'Novita AI',
    defaultBaseUrl: 'https://api.novita.ai/v3/openai',
    requiresApiKey: true,
    streamUsage: true,
    docs: 'https://novita.ai/docs/guides/llm-api',
  },
];

/** The preset as a provider type. */
export function presetProviderType(preset: OpenAiCompatiblePreset): ProviderType {
  return {
    name: preset.name,
    label: preset.label,
    ...(preset.defaultBaseUrl === undefined ? {} : { defaultBaseUrl: preset.defaultBaseUrl }),
    requiresApiKey: preset.requiresApiKey,
    create: (settings) => createOpenAiDialectProvider(settings, bearerWire(settings, preset.streamUsage)),
  };
}
