/**
 * A wire format: what a client speaks (an ingress dialect) or what an upstream speaks. When a
 * client's dialect equals its provider's, the gateway passes the body through untranslated.
 */
export type WireDialect =
  'openai-chat' | 'openai-responses' | 'anthropic-messages' | 'gemini' | 'cohere-chat' | 'bedrock-converse';
