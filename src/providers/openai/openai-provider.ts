import type { ProviderSettings, ProviderType } from '../provider.js';
import { joinUrl } from '../join-url.js';
import { createOpenAiDialectProvider, type OpenAiWire } from './openai-dialect-provider.js';

/** Bearer-token auth at `<base>/chat/completions`: OpenAI and every vendor that copies it. */
export function bearerWire(settings: ProviderSettings, streamUsage: boolean): OpenAiWire {
  return {
    url: (operation) => joinUrl(settings.baseUrl, operation === 'chat' ? '/chat/completions' : '/embeddings'),
    headers: () => ({
      ...(settings.apiKey === undefined ? {} : { authorization: `Bearer ${settings.apiKey}` }),
      ...settings.headers,
    }),
    streamUsage,
  };
}

export const openAiProviderType: ProviderType = {
  name: 'openai',
  label: 'OpenAI',
  defaultBaseUrl: 'https://api.openai.com/v1',
  requiresApiKey: true,
  create: (settings) => createOpenAiDialectProvider(settings, bearerWire(settings, true)),
};
