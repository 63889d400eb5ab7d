// A minimal protocol-buffers writer for vector tiles: varints, zigzag, length-delimited fields.

/** A growable byte buffer with a write position. */
export interface ProtoBuffer {
  bytes: Uint8Array;
  length: number;
}

/** A new, empty buffer. */
export function createBuffer(initial = 1024): ProtoBuffer {
  return { bytes: new Uint8Array(initial), length: 0 };
}

function ensure(buf: ProtoBuffer, extra: number): void {
  if (buf.length + extra <= buf.bytes.length) return;
  let size = buf.bytes.length * 2;
  while (size < buf.length + extra) size *= 2;
  const next = new Uint8Array(size);
  next.set(buf.bytes.subarray(0, buf.length));
  buf.bytes = next;
}

/** Writes an unsigned varint (up to 2^53). */
export function writeVarint(buf: ProtoBuffer, value: number): void {
  ensure(buf, 10);
  let v = value;
  while (v >= 0x80) {
    buf.bytes[buf.length++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  buf.bytes[buf.length++] = v;
}

/** Zigzag-encodes a signed integer. */
export function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

/** Writes a field key (field number and wire type). */
export function writeTag(buf: ProtoBuffer, field: number, wireType: 0 | 1 | 2 | 5): void {
  writeVarint(buf, (field << 3) | wireType);
}

/** Writes raw bytes. */
export function writeBytes(buf: ProtoBuffer, data: Uint8Array): void {
  ensure(buf, data.length);
  buf.bytes.set(data, buf.length);
  buf.length += data.length;
}

const encoder = new TextEncoder();

/** Writes a length-delimited UTF-8 string field. */
export function writeStringField(buf: ProtoBuffer, field: number, text: string): void {
  const data = encoder.encode(text);
  writeTag(buf, field, 2);
  writeVarint(buf, data.length);
  writeBytes(buf, data);
}

/** Writes a length-delimited field whose body another buffer holds. */
export function writeMessageField(buf: ProtoBuffer, field: number, body: ProtoBuffer): void {
  writeTag(buf, field, 2);
  writeVarint(buf, body.length);
  writeBytes(buf, body.bytes.subarray(0, body.length));
}

/** The encoded size of a varint. */
export function varintLength(value: number): number {
  let n = 1;
  for (let v = value; v >= 0x80; v = Math.floor(v / 0x80)) n++;
  return n;
}

/** Writes a packed repeated varint field (its length computed first, so no temporary buffer). */
export function writePackedVarints(buf: ProtoBuffer, field: number, values: readonly number[]): void {
  let length = 0;
  for (const v of values) length += varintLength(v);
  writeTag(buf, field, 2);
  writeVarint(buf, length);
  for (const v of values) writeVarint(buf, v);
}

/** Empties a buffer for reuse. */
export function reset(buf: ProtoBuffer): void {
  buf.length = 0;
}

/** Writes a double (wire type 1, little-endian). */
export function writeDoubleField(buf: ProtoBuffer, field: number, value: number): void {
  writeTag(buf, field, 1);
  ensure(buf, 8);
  new DataView(buf.bytes.buffer, buf.bytes.byteOffset).setFloat64(buf.length, value, true);
  buf.length += 8;
}

/** The written bytes. */
export function finish(buf: ProtoBuffer): Uint8Array {
  return buf.bytes.slice(0, buf.length);
}
