-- Constraint zones split into parts of at most 256 vertices, for the site check. A real zone (a
-- county's permanent farmland, an ecological red line) can have 100,000 vertices and a bounding box
-- that covers every site near it: cutting it whole against a 1 km² site on every check costs more
-- than the rest of the check. Its few parts under the site cost little. A trigger keeps the parts, so
-- every writer (the demo seed, GIS imports, replace mode) keeps them without knowing; deleting a zone
-- deletes its parts.
CREATE TABLE constraint_zone_parts (
  zone_id  bigint NOT NULL REFERENCES constraint_zones (id) ON DELETE CASCADE,
  kind     text NOT NULL,
  geom     geometry(Polygon, 4490) NOT NULL
);
CREATE INDEX constraint_zone_parts_zone_idx ON constraint_zone_parts (zone_id);
CREATE INDEX constraint_zone_parts_geom_gix ON constraint_zone_parts USING gist (geom);

CREATE FUNCTION constraint_zone_parts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM constraint_zone_parts WHERE zone_id = OLD.id;
  END IF;
  INSERT INTO constraint_zone_parts (zone_id, kind, geom)
  SELECT NEW.id, NEW.kind, d.geom FROM ST_Subdivide(NEW.geom, 256) AS s, ST_Dump(ST_CollectionExtract(s, 3)) AS d WHERE NOT ST_IsEmpty(d.geom);
  RETURN NEW;
END $$;

CREATE TRIGGER constraint_zone_parts_sync AFTER INSERT OR UPDATE OF geom, kind ON constraint_zones
  FOR EACH ROW EXECUTE FUNCTION constraint_zone_parts_sync();

INSERT INTO constraint_zone_parts (zone_id, kind, geom)
SELECT z.id, z.kind, d.geom FROM constraint_zones z, ST_Subdivide(z.geom, 256) AS s, ST_Dump(ST_CollectionExtract(s, 3)) AS d
WHERE NOT ST_IsEmpty(d.geom);
