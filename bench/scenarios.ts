import type { Scenario } from './bench-result.js';

/** The scenarios of one run, in the order they run (each against every target before the next). */
export const scenarios: readonly Scenario[] = [
  { id: 'a', title: 'non-streamed, 50 connections', connections: 50, stream: false, tool: 'wrk' },
  { id: 'b', title: 'non-streamed, 200 connections', connections: 200, stream: false, tool: 'wrk' },
  { id: 'c', title: 'streamed (20 chunks), 50 connections', connections: 50, stream: true, tool: 'wrk' },
  { id: 'd', title: 'non-streamed, 1 connection (latency)', connections: 1, stream: false, tool: 'wrk' },
  { id: 'e', title: 'time to first streamed byte, 1 connection', connections: 1, stream: true, tool: 'ttfb' },
];
