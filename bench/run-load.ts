import { findExecutable } from './find-executable.js';
import { runAutocannon } from './run-autocannon.js';
import { runWrk, type WrkOptions, type WrkSummary } from './run-wrk.js';

let tool: 'wrk' | 'autocannon' | undefined;

/** The load generator of this run: wrk when installed, else autocannon (numbers not comparable). */
export function loadTool(): 'wrk' | 'autocannon' {
  tool ??= findExecutable('wrk') === undefined ? 'autocannon' : 'wrk';
  return tool;
}

/** One load run with the tool of this run. */
export function runLoad(options: WrkOptions): Promise<WrkSummary> {
  return loadTool() === 'wrk' ? runWrk(options) : runAutocannon(options);
}
