// Reads one layer's features for the tile builder, as declared in the layer registry: the id, the
// geometry as GeoJSON and only the whitelisted attributes. Numeric columns come back as numbers.
import type { Sql } from 'postgres';
import type { LayerDeclaration } from '@guatu/data/layers.ts';

const BATCH = 5_000;

export interface LayerFeatureRow {
  id: number;
  geometry: string;
  properties: Record<string, string | number | boolean | null>;
}

/**
 * Reads a layer's features in batches to `onBatch`, each batch its own short query (keyset on the
 * id): a cursor would hold a transaction open for the whole layer, and on the embedded database
 * that would stall every other request until the layer is read.
 */
export async function readLayerFeatures(sql: Sql, layer: LayerDeclaration, onBatch: (rows: LayerFeatureRow[]) => void): Promise<void> {
  const { table, id, geometry, attributes } = layer.source;
  // numeric and bigint arrive as strings from postgres.js; tiles want numbers.
  const types = await sql<{ column_name: string; data_type: string }[]>`
    SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ${table}`;
  const numeric = new Set(types.filter((t) => ['numeric', 'bigint', 'integer', 'double precision', 'real'].includes(t.data_type)).map((t) => t.column_name));
  const columns = Object.entries(attributes).map(([name, column]) =>
    numeric.has(column) ? sql`${sql(column)}::float8 AS ${sql(name)}` : sql`${sql(column)}::text AS ${sql(name)}`);
  const list = columns.reduce((acc, c) => sql`${acc}, ${c}`);
  // Region codes are the regions' ids; every other table has a bigserial id.
  let after = -1;
  for (;;) {
    const rows = await sql<Record<string, unknown>[]>`
      SELECT ${sql(id)}::bigint AS __id, ST_AsGeoJSON(${sql(geometry)}, 7, 0) AS __geometry, ${list}
      FROM ${sql(table)} WHERE ${sql(geometry)} IS NOT NULL AND ${sql(id)}::bigint > ${after}
      ORDER BY ${sql(id)}::bigint LIMIT ${BATCH}`;
    if (rows.length === 0) break;
    after = Number(rows[rows.length - 1]!.__id);
    onBatch(rows.map((r) => {
      const { __id, __geometry, ...rest } = r;
      return { id: Number(__id), geometry: __geometry as string, properties: rest as LayerFeatureRow['properties'] };
    }));
    if (rows.length < BATCH) break;
  }
}
