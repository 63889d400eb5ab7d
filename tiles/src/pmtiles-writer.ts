// Writes a PMTiles v3 archive while tiles are still being made: tile data streams to the file from
// byte 16 384 on, identical tiles are stored once, consecutive identical tiles become one run, and
// the header, root directory, metadata and leaf directories are written when the last tile is in.
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import type { Entry, Header } from './pmtiles-format.ts';
import { Compression, encodeDirectory, HEADER_BYTES, ROOT_LIMIT, TileType, writeHeader } from './pmtiles-format.ts';

export interface ArchiveSummary {
  addressedTiles: number;
  tileEntries: number;
  tileContents: number;
  bytes: number;
}

export interface ArchiveBounds {
  minZoom: number;
  maxZoom: number;
  bounds: [number, number, number, number];
  center: [number, number, number];
  metadata: Record<string, unknown>;
  /** What the tiles are and how they were compressed by the caller: gzipped MVT unless said. */
  tiles?: { type: (typeof TileType)[keyof typeof TileType]; compression: (typeof Compression)[keyof typeof Compression] };
}

export interface ArchiveWriter {
  /** Adds one tile, compressed as `finish` will declare (gzipped MVT by default); tile IDs must ascend. */
  addTile(tileId: number, gzipped: Uint8Array): Promise<void>;
  /** Writes directories, metadata and header; the archive is complete when this resolves. */
  finish(info: ArchiveBounds): Promise<ArchiveSummary>;
  /** Closes the file without completing it (the caller deletes it). */
  abort(): Promise<void>;
}

const FLUSH_BYTES = 1 << 20;

/** Splits entries into leaf directories until the root fits beside the header. */
function buildDirectories(entries: Entry[]): { root: Uint8Array; leaves: Uint8Array } {
  const whole = gzipSync(encodeDirectory(entries));
  if (HEADER_BYTES + whole.length <= ROOT_LIMIT) return { root: whole, leaves: new Uint8Array(0) };
  for (let leafSize = 4096; ; leafSize *= 2) {
    const pointers: Entry[] = [];
    const parts: Uint8Array[] = [];
    let offset = 0;
    for (let i = 0; i < entries.length; i += leafSize) {
      const leaf = gzipSync(encodeDirectory(entries.slice(i, i + leafSize)));
      pointers.push({ tileId: entries[i]!.tileId, offset, length: leaf.length, runLength: 0 });
      parts.push(leaf);
      offset += leaf.length;
    }
    const root = gzipSync(encodeDirectory(pointers));
    if (HEADER_BYTES + root.length <= ROOT_LIMIT) return { root, leaves: Buffer.concat(parts) };
  }
}

/** Opens `path` for a new archive. */
export async function createArchiveWriter(path: string): Promise<ArchiveWriter> {
  const file: FileHandle = await open(path, 'w');
  const entries: Entry[] = [];
  const seen = new Map<string, { offset: number; length: number }>();
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let dataLength = 0;
  let addressed = 0;
  let lastId = -1;

  async function flush() {
    if (pendingBytes === 0) return;
    await file.write(Buffer.concat(pending), 0, pendingBytes, ROOT_LIMIT + dataLength - pendingBytes);
    pending = [];
    pendingBytes = 0;
  }

  return {
    async addTile(tileId, gzipped) {
      if (tileId <= lastId) throw new Error(`tile IDs must ascend: ${tileId} after ${lastId}`);
      lastId = tileId;
      addressed++;
      const hash = createHash('sha1').update(gzipped).digest('base64');
      let place = seen.get(hash);
      if (!place) {
        place = { offset: dataLength, length: gzipped.length };
        seen.set(hash, place);
        pending.push(gzipped);
        pendingBytes += gzipped.length;
        dataLength += gzipped.length;
        if (pendingBytes >= FLUSH_BYTES) await flush();
      }
      const last = entries[entries.length - 1];
      if (last && last.offset === place.offset && last.length === place.length && last.tileId + last.runLength === tileId) last.runLength++;
      else entries.push({ tileId, offset: place.offset, length: place.length, runLength: 1 });
    },

    async finish(info) {
      await flush();
      const metadata = gzipSync(Buffer.from(JSON.stringify(info.metadata)));
      const { root, leaves } = buildDirectories(entries);
      const metadataOffset = ROOT_LIMIT + dataLength;
      const leafOffset = metadataOffset + metadata.length;
      await file.write(metadata, 0, metadata.length, metadataOffset);
      if (leaves.length) await file.write(leaves, 0, leaves.length, leafOffset);
      const header: Header = {
        rootDirectoryOffset: HEADER_BYTES, rootDirectoryLength: root.length,
        jsonMetadataOffset: metadataOffset, jsonMetadataLength: metadata.length,
        leafDirectoryOffset: leafOffset, leafDirectoryLength: leaves.length,
        tileDataOffset: ROOT_LIMIT, tileDataLength: dataLength,
        numAddressedTiles: addressed, numTileEntries: entries.length, numTileContents: seen.size,
        clustered: true, internalCompression: Compression.gzip,
        tileCompression: info.tiles?.compression ?? Compression.gzip, tileType: info.tiles?.type ?? TileType.mvt,
        minZoom: info.minZoom, maxZoom: info.maxZoom,
        minLon: info.bounds[0], minLat: info.bounds[1], maxLon: info.bounds[2], maxLat: info.bounds[3],
        centerLon: info.center[0], centerLat: info.center[1], centerZoom: info.center[2],
      };
      await file.write(writeHeader(header), 0, HEADER_BYTES, 0);
      await file.write(root, 0, root.length, HEADER_BYTES);
      await file.sync();
      await file.close();
      return { addressedTiles: addressed, tileEntries: entries.length, tileContents: seen.size, bytes: leafOffset + leaves.length };
    },

    async abort() {
      await file.close().catch(() => {});
    },
  };
}
