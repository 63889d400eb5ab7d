// Reads tiles from a PMTiles v3 archive for serving: the root directory is kept in memory, leaf
// directories are cached after first use, and each tile is one positional read.
import { open, type FileHandle } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { Entry, Header } from './pmtiles-format.ts';
import { Compression, decodeDirectory, findEntry, readHeader, ROOT_LIMIT } from './pmtiles-format.ts';
import { zxyToTileId } from './tile-id.ts';

export interface Archive {
  header: Header;
  metadata: Record<string, unknown>;
  /** The stored (gzip-compressed) bytes of a tile, or null when the archive has none. */
  getTile(z: number, x: number, y: number): Promise<Uint8Array | null>;
  /** Every tile entry (runs included) in tile ID order, leaf directories resolved. */
  tileEntries(): Promise<Entry[]>;
  /** The stored bytes of an entry's tile data. */
  readEntry(entry: Entry): Promise<Uint8Array>;
  close(): Promise<void>;
}

async function readAt(file: FileHandle, offset: number, length: number): Promise<Uint8Array> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await file.read(buf, 0, length, offset);
  if (bytesRead !== length) throw new Error(`short read at ${offset}`);
  return buf;
}

function decompress(bytes: Uint8Array, compression: number): Uint8Array {
  if (compression === Compression.gzip) return gunzipSync(bytes);
  if (compression === Compression.none) return bytes;
  throw new Error(`unsupported PMTiles compression ${compression}`);
}

/** Opens an archive for reading. */
export async function openArchive(path: string): Promise<Archive> {
  const file = await open(path, 'r');
  try {
    const head = await readAt(file, 0, ROOT_LIMIT).catch(async () => {
      const { size } = await file.stat();
      return readAt(file, 0, size);
    });
    const header = readHeader(head);
    const root = decodeDirectory(decompress(head.subarray(header.rootDirectoryOffset, header.rootDirectoryOffset + header.rootDirectoryLength), header.internalCompression));
    const metadata = header.jsonMetadataLength
      ? (JSON.parse(Buffer.from(decompress(await readAt(file, header.jsonMetadataOffset, header.jsonMetadataLength), header.internalCompression)).toString('utf8')) as Record<string, unknown>)
      : {};
    const leaves = new Map<number, Entry[]>();
    const leaf = async (e: Entry) => {
      let entries = leaves.get(e.offset);
      if (!entries) {
        entries = decodeDirectory(decompress(await readAt(file, header.leafDirectoryOffset + e.offset, e.length), header.internalCompression));
        leaves.set(e.offset, entries);
      }
      return entries;
    };
    return {
      header,
      metadata,
      async getTile(z, x, y) {
        if (z < header.minZoom || z > header.maxZoom) return null;
        const id = zxyToTileId(z, x, y);
        let dir = root;
        for (let depth = 0; depth < 4; depth++) {
          const e = findEntry(dir, id);
          if (!e) return null;
          if (e.runLength > 0) return readAt(file, header.tileDataOffset + e.offset, e.length);
          dir = await leaf(e);
        }
        throw new Error('PMTiles directories nested too deep');
      },
      async tileEntries() {
        const out: Entry[] = [];
        const walk = async (dir: Entry[], depth: number): Promise<void> => {
          if (depth > 3) throw new Error('PMTiles directories nested too deep');
          for (const e of dir) {
            if (e.runLength > 0) out.push(e);
            else await walk(await leaf(e), depth + 1);
          }
        };
        await walk(root, 0);
        return out;
      },
      readEntry: (e) => readAt(file, header.tileDataOffset + e.offset, e.length),
      close: () => file.close(),
    };
  } catch (e) {
    await file.close();
    throw e;
  }
}
