import { describe, expect, it } from 'vitest';
import { openAiChatDialect } from '../../../src/data-plane/openai-chat/openai-chat-dialect.js';
import type { Authenticated, BodyRead, Received } from '../../../src/pipeline/context/phases.js';
import { GovernanceState } from '../../../src/governance/governance-state.js';
import { createAuthenticate } from '../../../src/pipeline/phases/authenticate.js';
import { createParseChatRequest } from '../../../src/pipeline/phases/parse-chat-request.js';
import { createResolveRoute } from '../../../src/pipeline/phases/resolve-route.js';
import { Pipeline, runStages, type Stage } from '../../../src/pipeline/stage.js';
import { receivedContext, routeTable } from './pipeline-fixtures.js';

const authenticate = createAuthenticate(new GovernanceState(), (secret) => secret);
const decode = createParseChatRequest(openAiChatDialect);
const resolve = createResolveRoute(routeTable());

describe('the pipeline builder', () => {
  it('splits the stages before the body from those after it, in order', () => {
    const list = Pipeline.receive().then(authenticate).readBody().then(decode).then(resolve);
    expect(list.beforeBody).toEqual([authenticate]);
    expect(list.stages).toEqual([decode, resolve]);
  });

  it('refuses a stage placed before what it needs, at compile time', () => {
    const orders = () => [
      // @ts-expect-error resolve needs the decoded model name
      Pipeline.receive().then(authenticate).readBody().then(resolve),
      // @ts-expect-error decode needs the body
      Pipeline.receive().then(authenticate).then(decode),
      // @ts-expect-error decode needs the caller authenticated
      Pipeline.receive().readBody().then(decode),
    ];
    expect(typeof orders).toBe('function');
  });

  it('runs synchronous stages without a promise tick between them', async () => {
    const seen: string[] = [];
    const first: Stage<Received, Authenticated> = () => {
      seen.push('first');
    };
    const second: Stage<Received & Authenticated & BodyRead> = () => {
      seen.push('second');
    };
    const list = Pipeline.receive().then(first).readBody().then(second);
    const running = runStages(receivedContext(), [...list.beforeBody, ...list.stages]);
    // Both ran before anything was awaited.
    expect(seen).toEqual(['first', 'second']);
    await running;
  });
});
