export type TextPart = { kind: "text"; value: string } | { kind: "link"; value: string };

/** Splits plain text into text and http(s) link parts (a trailing full stop or comma stays text). */
export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(/https?:\/\/[^\s<>"')]+/g)) {
    const url = match[0].replace(/[.,;:!?]+$/, "");
    const start = match.index;
    if (start > last) parts.push({ kind: "text", value: text.slice(last, start) });
    parts.push({ kind: "link", value: url });
    last = start + url.length;
  }
  if (last < text.length) parts.push({ kind: "text", value: text.slice(last) });
  return parts;
}
