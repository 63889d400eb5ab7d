// Reading a zip under our own limits: entry count, names (no absolute paths, no `..`), and the
// bytes actually inflated — the sizes a zip's headers state are never trusted (a zip bomb lies).
import { inflateRawSync } from 'node:zlib';

export class ZipError extends Error {}

export interface ZipLimits {
  maxEntries: number;
  /** Total inflated bytes across all entries read. */
  maxBytes: number;
}

export interface ZipEntry {
  name: string;
  read(): Uint8Array;
}

const decodeName = (bytes: Uint8Array, utf8Flag: boolean) => {
  if (utf8Flag) return new TextDecoder('utf-8').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Chinese Windows writes zip names in GBK without saying so.
    return new TextDecoder('gbk').decode(bytes);
  }
};

/** The entries of a zip archive; `read()` inflates one, counting against the limit. */
export function readZip(bytes: Uint8Array, limits: ZipLimits): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('不是有效的 zip 文件（找不到目录），文件可能已损坏或下载不完整');
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  if (count > limits.maxEntries) throw new ZipError(`压缩包中文件过多（${count} 个，上限 ${limits.maxEntries}）`);
  let inflated = 0;
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) throw new ZipError('zip 目录已损坏');
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const compressed = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const next = at + 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = decodeName(bytes.subarray(at + 46, at + 46 + nameLength), (flags & 0x800) !== 0);
    at = next;
    if (name.endsWith('/')) continue;
    if (/^([/\\]|[a-z]:)/i.test(name) || name.split(/[/\\]/).includes('..')) throw new ZipError(`压缩包中有不安全的路径「${name}」，拒绝解压`);
    if (flags & 1) throw new ZipError(`「${name}」已加密，请解密后再上传`);
    entries.push({
      name,
      read() {
        if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) throw new ZipError(`「${name}」的数据已损坏`);
        const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
        const data = bytes.subarray(start, start + compressed);
        let out: Uint8Array;
        if (method === 0) out = data;
        else if (method === 8) {
          try {
            out = inflateRawSync(data, { maxOutputLength: Math.max(1, limits.maxBytes - inflated) });
          } catch (e) {
            if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
              throw new ZipError(`解压后超过上限 ${Math.round(limits.maxBytes / 1024 / 1024)} MB，拒绝处理（可能是压缩炸弹，或文件过大请拆分）`);
            }
            throw new ZipError(`「${name}」解压失败：文件已损坏`);
          }
        } else throw new ZipError(`「${name}」使用了不支持的压缩方式（${method}）`);
        inflated += out.length;
        if (inflated > limits.maxBytes) throw new ZipError(`解压后超过上限 ${Math.round(limits.maxBytes / 1024 / 1024)} MB，拒绝处理`);
        return out;
      },
    });
  }
  return entries;
}
