/** One SSE frame as a client reads it: the `event:` name and the parsed JSON `data:`. */
export interface SseFrame {
  event: string | undefined;
  data: Record<string, unknown>;
}

/** Splits SSE text (`event: x\ndata: {...}\n\n` frames) into frames with parsed data. */
export function parseSseFrames(text: string): SseFrame[] {
  return text
    .split('\n\n')
    .filter((frame) => frame.trim() !== '')
    .map((frame) => {
      let event: string | undefined;
      const data: string[] = [];
      for (const line of frame.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      return { event, data: JSON.parse(data.join('\n')) as Record<string, unknown> };
    });
}
