/** The parts of a base64 `data:` URL. */
export interface DataUrl {
  mediaType: string;
  data: string;
}

const dataUrlPattern = /^data:([\w.+-]+\/[\w.+-]+)(?:;[\w=.+-]+)*;base64,/;

/** Splits `data:image/png;base64,...` into media type and payload; undefined for other URLs. */
export function parseDataUrl(url: string): DataUrl | undefined {
  const match = dataUrlPattern.exec(url);
  if (match === null || match[1] === undefined) return undefined;
  return { mediaType: match[1], data: url.slice(match[0].length) };
}
