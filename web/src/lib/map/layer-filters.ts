// The page's filters on style layers, on top of the filter a layer has in the style (stations-count
// draws clusters only), or instead of it where the style's is a placeholder (a selection ring that
// draws nothing until something is selected). MapLibre re-parses every tile of a layer's source on
// setFilter, even when the new filter equals the old one by value but not by form (undefined vs
// null), so a filter that has not changed is never set again.
import type { FilterSpecification, Map as MapLibreMap } from 'maplibre-gl';

export interface LayerFilters {
  /**
   * Puts `filter` (null: none) on layer `id` beside the layer's own style filter, or in its place with
   * `instead`; false (and nothing done) when that is what it has.
   */
  set(id: string, filter: FilterSpecification | null, how?: 'beside' | 'instead'): boolean;
  /** Forgets what was set: call after the style is replaced. */
  reset(): void;
}

/** The filter setter of `map`. */
export function layerFilters(map: MapLibreMap): LayerFilters {
  const own = new Map<string, FilterSpecification | null>();
  const applied = new Map<string, string>();
  return {
    set(id, filter, how = 'beside') {
      if (!map.getLayer(id)) return false;
      if (!own.has(id)) own.set(id, (map.getFilter(id) as FilterSpecification | undefined) ?? null);
      const base = own.get(id)!;
      const combined = how === 'instead' ? filter : base && filter ? (['all', base, filter] as FilterSpecification) : (base ?? filter);
      const key = JSON.stringify(combined);
      if ((applied.get(id) ?? JSON.stringify(base)) === key) return false;
      applied.set(id, key);
      map.setFilter(id, combined);
      return true;
    },
    reset() {
      own.clear();
      applied.clear();
    },
  };
}
