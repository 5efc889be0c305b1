import { loadModelCatalog } from '../../../src/catalog/model-catalog.js';
import { Pricing } from '../../../src/catalog/pricing.js';
import type { ModelRoute, RoutePolicy } from '../../../src/config/portico-config.js';
import { ClientSignal } from '../../../src/core/client-signal.js';
import type { KeyGrant } from '../../../src/governance/governance-snapshot.js';
import { openAiChatDialect } from '../../../src/data-plane/openai-chat/openai-chat-dialect.js';
import type { Admitted, ChatDecoded, Resolved } from '../../../src/pipeline/context/phases.js';
import type { AdmitInput } from '../../../src/pipeline/phases/admit.js';
import type { GatewayContext } from '../../../src/pipeline/context/gateway-context.js';
import type { ReplyWriter } from '../../../src/pipeline/context/reply-writer.js';
import { openAiProviderType } from '../../../src/providers/openai/openai-provider.js';
import { RouteTable } from '../../../src/routing/route-table.js';
import type { UpstreamTimeouts } from '../../../src/upstream/upstream-timeouts.js';
import { UpstreamBody } from '../../../src/upstream/upstream-body.js';
import { UpstreamClient, type UpstreamResponse } from '../../../src/upstream/upstream-client.js';
import type { UpstreamRequest } from '../../../src/providers/provider.js';

/** A ReplyWriter that records what would reach the socket. */
export class RecordingReply implements ReplyWriter {
  headersSent = false;
  writableEnded = false;
  destroyed = false;
  status = 0;
  headers: Record<string, string | number> = {};
  readonly writes: string[] = [];

  writeHead(status: number, headers: Record<string, string | number> = {}): unknown {
    this.status = status;
    this.headers = { ...headers };
    this.headersSent = true;
    return this;
  }
  write(chunk: string | Uint8Array): boolean {
    this.writes.push(String(chunk));
    return true;
  }
  end(chunk?: string | Uint8Array): unknown {
    if (chunk !== undefined) this.writes.push(String(chunk));
    this.writableEnded = true;
    return this;
  }
  once(): unknown {
    return this;
  }
  removeListener(): unknown {
    return this;
  }
  get body(): string {
    return this.writes.join('');
  }
}

/** A context as the server builds it on arrival, with a recording reply. */
export function receivedContext(
  fields: Partial<GatewayContext> = {},
): GatewayContext & { reply: RecordingReply } {
  return {
    requestId: 'req-1',
    clientRequestId: undefined,
    receivedAt: process.hrtime.bigint(),
    method: 'POST',
    path: '/v1/chat/completions',
    endpoint: '/v1/chat/completions',
    query: '',
    ingress: {},
    headers: {},
    body: undefined,
    bodyBytes: 0,
    rest: undefined,
    signal: new ClientSignal(),
    reply: new RecordingReply(),
    responseHeaders: { 'x-request-id': 'req-1' },
    stream: false,
    attempts: [],
    upstreamMs: 0,
    warnings: [],
    ...fields,
  } as GatewayContext & { reply: RecordingReply };
}

/**
 * The context seen as having passed the phases `Phase` names. Phase marks exist only in types
 * (pipeline/context/phases.ts): a test that sets the fields a phase sets may claim it.
 */
export function passed<Phase>(context: GatewayContext): GatewayContext & Phase & { reply: RecordingReply } {
  return context as GatewayContext & Phase & { reply: RecordingReply };
}

/** A key (and its app and tenant) as the snapshot holds it. */
export const grant: KeyGrant = {
  keyId: 'k1',
  keyName: 'ci',
  keyPrefix: 'pk-ab',
  appId: 'a1',
  tenantId: 't1',
  allowedModels: [],
  expiresAt: null,
  revokedAt: null,
};

export const policy: RoutePolicy = {
  strategy: 'fallback',
  retries: { attempts: 0, backoffMs: 1, maxBackoffMs: 1 },
  fallbackOn: new Set(),
  breaker: { failures: 5, windowMs: 60_000, cooldownMs: 30_000 },
  maxChoices: 4,
  reservedOutputTokens: 100,
};

const timeouts: UpstreamTimeouts = { connectMs: 1_000, firstByteMs: 1_000, idleMs: 1_000, totalMs: 1_000 };

/** A route table with one OpenAI provider `up` and the given routes (default: `chat` → `up/gpt-4o-mini`). */
export function routeTable(
  models: ModelRoute[] = [
    { name: 'chat', policy, targets: [{ provider: 'up', model: 'gpt-4o-mini', weight: 1 }] },
  ],
): RouteTable {
  const provider = openAiProviderType.create({
    id: 'up',
    type: 'openai',
    baseUrl: 'http://upstream.invalid/v1',
    apiKey: 'sk-test',
    headers: {},
    cloud: {},
  });
  return new RouteTable(models, new Map([['up', { providers: [provider], timeouts, prices: {} }]]), false);
}

export const pricing = new Pricing(loadModelCatalog());

/** A chat call to route `chat` that went through every phase up to call upstream. */
export function admittedChatCall(stream: boolean) {
  const body = { model: 'chat', stream, messages: [{ role: 'user', content: 'hi' }] };
  return passed<AdmitInput & ChatDecoded & Resolved & Admitted>(
    receivedContext({
      body,
      stream,
      caller: grant,
      routeName: 'chat',
      chat: openAiChatDialect.parseRequest(body, {}),
      route: routeTable().resolve('chat'),
    }),
  );
}

/** What a scripted upstream answers. */
export interface ScriptedAnswer {
  status?: number;
  headers?: Record<string, string>;
  chunks: string[];
}

/** An UpstreamClient that answers from a script instead of the network, and records the requests. */
export class ScriptedClient extends UpstreamClient {
  readonly requests: UpstreamRequest[] = [];

  constructor(private readonly answers: ScriptedAnswer[]) {
    super();
  }

  override call(_providerId: string, request: UpstreamRequest): Promise<UpstreamResponse> {
    this.requests.push(request);
    const answer = this.answers.shift();
    if (answer === undefined) throw new Error('no scripted answer left');
    const body = new UpstreamBody();
    for (const chunk of answer.chunks) body.push(Buffer.from(chunk));
    body.end();
    return Promise.resolve({
      status: answer.status ?? 200,
      headers: answer.headers ?? { 'content-type': 'application/json' },
      body,
      finish: () => undefined,
      timedOut: () => false,
    });
  }
}

/** An OpenAI chat completion as an upstream returns it. */
export function chatCompletion(text: string): string {
  return JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
  });
}
