// PMTiles v3 tile IDs: tiles of all lower zooms first, then a Hilbert curve within the zoom, so
// neighbouring tiles sit together in the archive.

function rotate(n: number, xy: [number, number], rx: number, ry: number): void {
  if (ry === 0) {
    if (rx === 1) {
      xy[0] = n - 1 - xy[0];
      xy[1] = n - 1 - xy[1];
    }
    const t = xy[0];
    xy[0] = xy[1];
    xy[1] = t;
  }
}

/** The number of tiles in all zooms below `z`: the first tile ID of zoom z. */
export function tilesBelow(z: number): number {
  return (4 ** z - 1) / 3;
}

/** The PMTiles tile ID of z/x/y. */
export function zxyToTileId(z: number, x: number, y: number): number {
  if (z > 26) throw new Error('zoom above 26 is not supported');
  const n = 2 ** z;
  if (x < 0 || y < 0 || x >= n || y >= n) throw new Error(`tile ${z}/${x}/${y} is outside the zoom's range`);
  const xy: [number, number] = [x, y];
  let d = 0;
  for (let s = n / 2; s >= 1; s /= 2) {
    const rx = (xy[0] & s) > 0 ? 1 : 0;
    const ry = (xy[1] & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    rotate(s, xy, rx, ry);
  }
  return tilesBelow(z) + d;
}

/** The z/x/y of a PMTiles tile ID. */
export function tileIdToZxy(id: number): [number, number, number] {
  let z = 0;
  while (tilesBelow(z + 1) <= id) z++;
  const n = 2 ** z;
  let t = id - tilesBelow(z);
  const xy: [number, number] = [0, 0];
  for (let s = 1; s < n; s *= 2) {
    // Arithmetic rather than bitwise: positions exceed 32 bits from zoom 16 up.
    const rx = Math.floor(t / 2) % 2;
    const ry = (t % 2) ^ rx;
    rotate(s, xy, rx, ry);
    xy[0] += s * rx;
    xy[1] += s * ry;
    t = Math.floor(t / 4);
  }
  return [z, xy[0], xy[1]];
}
