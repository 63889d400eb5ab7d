// Writers for test fixtures: a zip, a one-polygon .shp and a one-field .dbf, made byte by byte the
// way common GIS tools write them, so that tests can build the files the land bureau sends.
import { deflateRawSync } from 'node:zlib';

/** A zip of the given files (deflated), written the way common tools write them. */
export function zip(files: Record<string, Uint8Array>, names: 'utf8' | 'raw' = 'utf8'): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of Object.entries(files)) {
    const nameBytes = Buffer.from(name);
    const body = deflateRawSync(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(names === 'utf8' ? 0x800 : 0, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(names === 'utf8' ? 0x800 : 0, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, body);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + body.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, dir, end]));
}

/** A .shp with one polygon: a clockwise outer ring (by default a 100 m square) and an optional counter-clockwise hole. */
export function shp(outer: number[][] = [[38500000, 3930000], [38500000, 3930100], [38500100, 3930100], [38500100, 3930000], [38500000, 3930000]], hole: number[][] | null = [[38500040, 3930040], [38500060, 3930040], [38500060, 3930060], [38500040, 3930060], [38500040, 3930040]]): Uint8Array {
  const points = [...outer, ...(hole ?? [])];
  const parts = hole ? 2 : 1;
  const first = 44 + 4 * parts;
  const content = Buffer.alloc(first + points.length * 16);
  content.writeInt32LE(5, 0);
  content.writeInt32LE(parts, 36);
  content.writeInt32LE(points.length, 40);
  content.writeInt32LE(0, 44);
  if (hole) content.writeInt32LE(outer.length, 48);
  points.forEach(([x, y], i) => {
    content.writeDoubleLE(x!, first + i * 16);
    content.writeDoubleLE(y!, first + 8 + i * 16);
  });
  const header = Buffer.alloc(100);
  header.writeInt32BE(9994, 0);
  header.writeInt32LE(5, 32);
  const record = Buffer.alloc(8);
  record.writeInt32BE(1, 0);
  record.writeInt32BE(content.length / 2, 4);
  return new Uint8Array(Buffer.concat([header, record, content]));
}

/** A .dbf with one text field and one record, in raw bytes (so GBK can be written). */
export function dbf(fieldName: number[], value: number[], languageByte = 0): Uint8Array {
  const width = 20;
  const header = Buffer.alloc(32 + 32 + 1);
  header[0] = 3;
  header.writeUInt32LE(1, 4);
  header.writeUInt16LE(header.length, 8);
  header.writeUInt16LE(1 + width, 10);
  header[29] = languageByte;
  Buffer.from(fieldName).copy(header, 32);
  header[32 + 11] = 'C'.charCodeAt(0);
  header[32 + 16] = width;
  header[64] = 0x0d;
  const record = Buffer.alloc(1 + width, 0x20);
  Buffer.from(value).copy(record, 1);
  return new Uint8Array(Buffer.concat([header, record]));
}

