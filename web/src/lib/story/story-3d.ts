// The 3-D of a story scene (deck.gl, loaded only by the story player and editor): projects as columns
// extruded by total investment, parcels extruded by area, arcs from the region to partner cities.
// deck.gl draws on its own canvas over the map (interleaving with this MapLibre version fails in
// deck.gl's custom layer), so the PNG export draws that canvas over the map's.
import { MapboxOverlay } from '@deck.gl/mapbox';
import { ArcLayer, ColumnLayer, GeoJsonLayer } from '@deck.gl/layers';
import type { Map as MapLibreMap } from 'maplibre-gl';

export interface SceneData3d {
  columns: { id: number; name: string; position: [number, number]; investment: number; highlighted: boolean }[];
  parcels: { type: 'Feature'; properties: { id: number; name: string; areaMu: number; highlighted: boolean }; geometry: unknown }[];
}

export interface Scene3d {
  threeD: { columns?: boolean; parcels?: boolean; arcs?: { name: string; to: [number, number] }[] };
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
  const show = (scene: Scene3d | null, data: SceneData3d | null) => {
    if (!scene || !data) return overlay.setProps({ layers: [] });
    const max = Math.max(1, ...data.columns.map((c) => c.investment));
    // Columns keep the same size on screen at any zoom: about 7 px wide, up to 260 px tall.
    const metresPerPixel = (156_543 * Math.cos((scene.camera.center[1] * Math.PI) / 180)) / 2 ** scene.camera.zoom;
    overlay.setProps({
      layers: [
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
      ].filter(Boolean) as never,
    });
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
