// The 3-D of a story scene (deck.gl, loaded only by the story player and editor): projects as columns
// extruded by total investment, parcels extruded by area, arcs from the region to partner cities and
// traffic flowing along a transport line (dots moving along it, animated frame by frame).
// deck.gl draws on its own canvas over the map (interleaving with this MapLibre version fails in
// deck.gl's custom layer), so the PNG export draws that canvas over the map's.
import { MapboxOverlay } from '@deck.gl/mapbox';
import { ArcLayer, ColumnLayer, GeoJsonLayer, PathLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { Map as MapLibreMap } from 'maplibre-gl';

export interface SceneData3d {
  columns: { id: number; name: string; position: [number, number]; investment: number; highlighted: boolean }[];
  parcels: { type: 'Feature'; properties: { id: number; name: string; areaMu: number; highlighted: boolean }; geometry: unknown }[];
  flow: { name: string; path: [number, number][] } | null;
}

/** A point `share` (0–1) of the way along a path, by length in degrees (enough for an animation). */
function along(path: [number, number][], lengths: number[], share: number): [number, number] {
  const total = lengths[lengths.length - 1]!;
  const at = share * total;
  let i = lengths.findIndex((l) => l >= at);
  if (i <= 0) return path[0]!;
  const k = (at - lengths[i - 1]!) / (lengths[i]! - lengths[i - 1]! || 1);
  const [a, b] = [path[i - 1]!, path[i]!];
  return [a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k];
}

export interface Scene3d {
  threeD: { columns?: boolean; parcels?: boolean; arcs?: { name: string; to: [number, number] }[]; flowLineId?: number };
  camera: { center: [number, number]; zoom: number };
}

export interface Story3d {
  /** Shows one scene's 3-D (or none). */
  show(scene: Scene3d | null, data: SceneData3d | null): void;
  /** Draws the 3-D at `ratio` × the screen's pixels onto `ctx` (sized to match). */
  capture(ctx: CanvasRenderingContext2D, ratio: number): Promise<void>;
}

/** Adds the overlay to the map. */
export function story3d(map: MapLibreMap): Story3d {
  const overlay = new MapboxOverlay({ interleaved: false, layers: [] });
  map.addControl(overlay);
  let frame = 0;
  const show = (scene: Scene3d | null, data: SceneData3d | null) => {
    cancelAnimationFrame(frame);
    if (!scene || !data) return overlay.setProps({ layers: [] });
    const max = Math.max(1, ...data.columns.map((c) => c.investment));
    // Columns keep the same size on screen at any zoom: about 7 px wide, up to 260 px tall (MapLibre: 512 px tiles).
    const metresPerPixel = (78_271.5 * Math.cos((scene.camera.center[1] * Math.PI) / 180)) / 2 ** scene.camera.zoom;
    const still = [
      scene.threeD.columns && new ColumnLayer({
        id: 'columns', data: data.columns, diskResolution: 12, radius: 7 * metresPerPixel, extruded: true, pickable: false,
        getPosition: (d: SceneData3d['columns'][number]) => d.position,
        getElevation: (d: SceneData3d['columns'][number]) => (12 + (d.investment / max) * 250) * metresPerPixel,
        getFillColor: (d: SceneData3d['columns'][number]) => (d.highlighted ? [230, 73, 128, 235] : [25, 113, 194, 200]),
        transitions: { getElevation: 800 },
      }),
      scene.threeD.parcels && new GeoJsonLayer({
        id: 'parcels', data: { type: 'FeatureCollection', features: data.parcels } as never, extruded: true, wireframe: true, pickable: false,
        getElevation: (f: { properties: { areaMu: number; highlighted: boolean } }) => (f.properties.highlighted ? 120 : 40) + Math.sqrt(f.properties.areaMu) * 6,
        getFillColor: (f: { properties: { highlighted: boolean } }) => (f.properties.highlighted ? [245, 159, 0, 230] : [64, 192, 87, 170]),
        getLineColor: [255, 255, 255, 200],
      }),
      scene.threeD.arcs?.length && new ArcLayer({
        id: 'arcs', data: scene.threeD.arcs, getSourcePosition: () => scene.camera.center, getTargetPosition: (d: { to: [number, number] }) => d.to,
        getSourceColor: [230, 73, 128], getTargetColor: [25, 113, 194], getWidth: 3,
      }),
      scene.threeD.flowLineId && data.flow && new PathLayer({
      id: 'flow-line', data: [data.flow], getPath: (d: { path: [number, number][] }) => d.path, getColor: [230, 73, 128, 150], getWidth: 6, widthUnits: 'pixels', capRounded: true, jointRounded: true,
      }),
    ].filter(Boolean);
    const flow = scene.threeD.flowLineId && data.flow && data.flow.path.length > 1 ? data.flow.path : null;
    if (!flow) return overlay.setProps({ layers: still as never });
    const lengths = flow.reduce<number[]>((acc, p, i) => [...acc, i ? acc[i - 1]! + Math.hypot(p[0] - flow[i - 1]![0], p[1] - flow[i - 1]![1]) : 0], []);
    const started = performance.now();
    const animate = () => {
      const t = ((performance.now() - started) / 12_000) % 1;
      const dots = Array.from({ length: 14 }, (_, k) => along(flow, lengths, (t + k / 14) % 1));
      overlay.setProps({
        layers: [...still, new ScatterplotLayer({ id: 'flow-dots', data: dots, getPosition: (d: [number, number]) => d, getRadius: 5, radiusUnits: 'pixels', getFillColor: [255, 255, 255], getLineColor: [230, 73, 128], stroked: true, lineWidthUnits: 'pixels', getLineWidth: 2 })] as never,
      });
      frame = requestAnimationFrame(animate);
    };
    animate();
  };
  // deck.gl keeps its drawing buffer (luma.gl's default), so its canvas can be read after it has
  // redrawn at the export's resolution.
  const capture = async (ctx: CanvasRenderingContext2D, ratio: number) => {
    overlay.setProps({ useDevicePixels: ratio });
    await new Promise((resolve) => setTimeout(resolve, 700));
    for (const canvas of map.getContainer().querySelectorAll('canvas')) {
      if (canvas !== map.getCanvas()) ctx.drawImage(canvas, 0, 0, ctx.canvas.width, ctx.canvas.height);
    }
    overlay.setProps({ useDevicePixels: true });
  };
  return { show, capture };
}
