/** A keyset cursor as clients see it: base64url JSON of the last row's sort key and id (decoding: cursor.ts). */
export function encodeCursor(sortKey: string | number, id: string): string {
  return Buffer.from(JSON.stringify([sortKey, id])).toString("base64url");
}
