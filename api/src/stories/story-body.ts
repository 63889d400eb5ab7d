// The request bodies of the story routes: a story's content is checked field by field (a scene's
// camera, layers, figures and 3-D options), so the player never meets a value it cannot show.
import { z } from 'zod';
import { codesOf, projectCategories, projectStages } from '@guatu/data/glossary.ts';
import { layers } from '@guatu/data/layers.ts';
import { MAX_SCENES, storyFigures, storyTemplates } from '@guatu/data/stories.ts';
import { regionCode } from '../http/validate.ts';

const enumOf = (values: readonly string[]) => z.enum(values as [string, ...string[]]);
const lon = z.number().min(-180).max(180);
const lat = z.number().min(-90).max(90);
const ids = z.array(z.number().int().min(1)).max(200);

export const sceneSchema = z.object({
  id: z.string().regex(/^[\w-]{1,64}$/),
  title: z.string().trim().max(60),
  text: z.string().max(500),
  figures: z.array(enumOf(Object.keys(storyFigures))).max(4),
  camera: z.object({ center: z.tuple([lon, lat]), zoom: z.number().min(0).max(22), pitch: z.number().min(0).max(85), bearing: z.number().min(-360).max(360) }).strict(),
  layers: z.array(enumOf(layers.map((l) => l.id))).max(layers.length),
  filter: z.object({
    region: regionCode.optional(),
    stage: z.array(enumOf(codesOf(projectStages))).max(10).optional(),
    category: z.array(enumOf(codesOf(projectCategories))).max(20).optional(),
    industryChain: z.string().max(40).optional(),
    standardOnly: z.boolean().optional(),
  }).strict(),
  highlight: z.object({ projects: ids.optional(), parcels: ids.optional() }).strict(),
  threeD: z.object({
    columns: z.boolean().optional(),
    parcels: z.boolean().optional(),
    arcs: z.array(z.object({ name: z.string().trim().min(1).max(30), to: z.tuple([lon, lat]) }).strict()).max(12).optional(),
    flowLineId: z.number().int().min(1).optional(),
  }).strict(),
  durationS: z.number().min(2).max(120),
}).strict();

export const contentSchema = z.object({
  cover: z.object({ subtitle: z.string().max(120) }).strict(),
  scenes: z.array(sceneSchema).min(1, '至少需要一个场景').max(MAX_SCENES, `最多 ${MAX_SCENES} 个场景`),
}).strict();

export const createBody = z.object({
  title: z.string().trim().min(1).max(100),
  template: enumOf(Object.keys(storyTemplates)),
  region: regionCode.optional(),
  industryChain: z.string().trim().max(40).optional(),
}).strict();

export const saveBody = z.object({
  title: z.string().trim().min(1).max(100),
  content: contentSchema,
  /** Pin the story to the current data version (figures frozen now), or follow the latest data. */
  pinned: z.boolean(),
  /** The version the edit started from. */
  version: z.number().int().min(1),
}).strict();
