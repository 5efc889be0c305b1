import { GatewayError } from '../core/gateway-error.js';
import type { AdmitRequest } from '../policy/policy-rules.js';
import type { CallRecord } from '../telemetry/call-log/call-record.js';
import { BatchedSender } from './batched-sender.js';
import { isClusterBatch, type PrimaryItem, type WorkerItem } from './cluster-messages.js';

interface PendingAdmit {
  resolve(admitted: { ticket: number; headers: Readonly<Record<string, string>> }): void;
  reject(error: GatewayError): void;
}

/** A worker's line to the cluster primary, which holds every counter, the call log and the spend. */
export class PrimaryLink {
  private readonly sender: BatchedSender<WorkerItem>;
  private readonly pending = new Map<number, PendingAdmit>();
  private nextId = 1;
  private onReload: (id: number) => void = () => undefined;
  private onDrain: (graceMs: number) => void = () => undefined;
  private readyTold = false;

  constructor(channel: NodeJS.Process) {
    this.sender = new BatchedSender((batch, done) => {
      if (channel.send === undefined || !channel.connected) done(new Error('no IPC channel'));
      else channel.send(batch, undefined, {}, done);
    });
    channel.on('message', (message: unknown) => {
      if (isClusterBatch<PrimaryItem>(message)) for (const item of message.portico) this.receive(item);
    });
  }

  /** Reserves at the primary; rejects with the refusal (429/402) exactly as a local admit throws it. */
  admit(request: AdmitRequest): Promise<{ ticket: number; headers: Readonly<Record<string, string>> }> {
    const id = this.nextId++;
    this.sender.push({ type: 'admit', id, request });
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  finish(record: CallRecord, ticket: number | undefined): void {
    this.sender.push({ type: 'finish', ticket: ticket ?? null, record });
  }

  tell(item: Exclude<WorkerItem, { type: 'admit' | 'finish' }>): void {
    this.sender.push(item);
  }

  /** Sends what is queued now; resolves when the channel took it. */
  flush(): Promise<void> {
    return this.sender.flush();
  }

  /** True once the primary said start-up finished. */
  get ready(): boolean {
    return this.readyTold;
  }

  handleReload(handler: (id: number) => void): void {
    this.onReload = handler;
  }

  handleDrain(handler: (graceMs: number) => void): void {
    this.onDrain = handler;
  }

  private receive(item: PrimaryItem): void {
    switch (item.type) {
      case 'admitted':
      case 'refused': {
        const pending = this.pending.get(item.id);
        if (pending === undefined) return;
        this.pending.delete(item.id);
        if (item.type === 'admitted') pending.resolve(item);
        else {
          const { code, message, retryAfterSeconds, headers } = item.error;
          pending.reject(
            new GatewayError(code, message, {
              ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
              ...(headers === undefined ? {} : { headers }),
            }),
          );
        }
        return;
      }
      case 'ready':
        this.readyTold = true;
        return;
      case 'reload':
        this.onReload(item.id);
        return;
      case 'drain':
        this.onDrain(item.graceMs);
        return;
    }
  }
}
