import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../../storage/open-store.js';
import {
  toThreadError,
  type CallLogThreadData,
  type CallLogThreadReply,
  type CallLogThreadRequest,
} from './call-log-thread-messages.js';
import { InlineCallSink } from './inline-call-sink.js';

// Entry of the call-log worker thread (ThreadedCallSink): its own connection to the SQLite file,
// so writing a batch never blocks the gateway's event loop.
const port = parentPort;
if (port === null) throw new Error('call-log-thread must run in a worker thread');
const data = workerData as CallLogThreadData;
const store = await openStore(`sqlite:${data.file}`, { migrate: false });
const sink = new InlineCallSink(store, data.bodyCapBytes);
let queue: Promise<void> = Promise.resolve();

port.on('message', (request: CallLogThreadRequest) => {
  queue = queue.then(async () => {
    let reply: CallLogThreadReply;
    try {
      if (request.kind === 'write') {
        reply = { id: request.id, ok: true, outcome: await sink.write(request.records, request.nowMs) };
      } else {
        await store.close();
        reply = { id: request.id, ok: true, outcome: undefined };
      }
    } catch (error) {
      reply = { id: request.id, ok: false, error: toThreadError(error) };
    }
    port.postMessage(reply);
    if (request.kind === 'close') port.close();
  });
});
