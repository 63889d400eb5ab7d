// Map stories: GET/POST /api/stories (list; create from a template), GET/PUT/DELETE /api/stories/:id
// (the story with its figures and 3-D features, as the player shows it; save a new version; delete)
// and its versions, duplicate and handout. A story share link reads its own story (and its handout) only.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { layers } from '@guatu/data/layers.ts';
import type { StoryContent, StoryTemplate } from '@guatu/data/stories.ts';
import { publishedLayers, servedTileVersion } from '../../db/tile-builds.ts';
import { createStory, deleteStory, listStories, saveStory, storyById, storyVersion, storyVersions, type StoryRow } from '../../db/stories.ts';
import { sceneData, sceneFigures, templateData } from '../../db/story-figures.ts';
import { currentDataVersion, dataVersionById } from '../../db/versions.ts';
import { regionExists } from '../../db/regions.ts';
import { buildStory } from '../../stories/templates.ts';
import { storyHandout, type HandoutImage } from '../../stories/handout-pdf.ts';
import { createBody, saveBody } from '../../stories/story-body.ts';
import { readScope, writeScope } from '../../auth/principal.ts';
import type { AppDeps } from '../app.ts';
import { auditAction } from '../audit-context.ts';
import { parseJsonBody } from '../body.ts';
import { HttpError } from '../errors.ts';
import { principalOf, signedInUser } from '../guard.ts';
import { parseParams } from '../validate.ts';

const idParam = z.object({ id: z.coerce.number().int().min(1).max(2 ** 53 - 1) });
const MAX_CONTENT_BYTES = 400_000;
const MAX_HANDOUT_BYTES = 32 * 1024 * 1024;
const imageUrl = z.string().max(4_000_000).regex(/^data:image\/(png|jpeg);base64,[A-Za-z0-9+/=]+$/, '应为 PNG 或 JPEG 图片（data URL）');
const handoutBody = z.object({ images: z.array(imageUrl.nullable()).max(30) }).strict();

/** A data URL's bytes and kind. */
function decodeImage(url: string): HandoutImage {
  const [, kind, data] = /^data:image\/(png|jpeg);base64,(.*)$/.exec(url)!;
  return { kind: kind as 'png' | 'jpeg', bytes: new Uint8Array(Buffer.from(data!, 'base64')) };
}

/** Each scene's figures, computed now from the current data. */
async function liveFigures(deps: AppDeps, content: StoryContent) {
  return Object.fromEntries(await Promise.all(content.scenes.map(async (s) => [s.id, await sceneFigures(deps.sql, s)] as const)));
}

/** GET/POST /api/stories, GET/PUT/DELETE /api/stories/:id, its versions, POST …/duplicate and …/handout. */
export function storyRoutes(deps: AppDeps) {
  /** The tiles the story's map uses: its pinned version while they are on disk, else the served one. */
  async function tileVersion(pinned: number | null): Promise<{ version: number | null; pinnedTilesGone: boolean }> {
    if (pinned !== null) {
      const done = await publishedLayers(deps.sql, pinned);
      if (done.size === layers.length && existsSync(join(deps.tilesDir, `v${pinned}`))) return { version: pinned, pinnedTilesGone: false };
    }
    return { version: await servedTileVersion(deps.sql, layers.length), pinnedTilesGone: pinned !== null };
  }

  /** Story `id` as the caller may read it (a story link: its own story only), else 403/404. */
  async function readableStory(c: Context, id: number): Promise<StoryRow> {
    const principal = principalOf(c);
    if (principal.kind === 'share' && !(principal.share.target.kind === 'story' && principal.share.target.storyId === id)) {
      throw new HttpError(403, 'story_not_shared', '此分享链接只能查看分享的演示');
    }
    const story = await storyById(deps.sql, id);
    if (!story) throw new HttpError(404, 'story_not_found', `没有编号为 ${id} 的演示`);
    return story;
  }

  /** The figures of a story and the data version they come from: pinned, or the latest. */
  async function figuresOf(story: StoryRow) {
    const version = story.pinnedVersionId !== null ? await dataVersionById(deps.sql, story.pinnedVersionId) : await currentDataVersion(deps.sql);
    return { figures: story.pinnedFigures ?? await liveFigures(deps, story.content), dataVersion: version && { id: version.id, label: version.label } };
  }

  return new Hono()
    .get('/api/stories', async (c) => c.json({ items: await listStories(deps.sql) }))
    .post('/api/stories', async (c) => {
      const p = signedInUser(c);
      const body = await parseJsonBody(c, createBody);
      const region = body.region ?? writeScope(p) ?? readScope(p) ?? undefined;
      if (region && !(await regionExists(deps.sql, region))) throw new HttpError(400, 'invalid_body', `请求参数有误：region：没有代码为 ${region} 的地区`, [{ field: 'region', reason: '未知的行政区划代码' }]);
      const content = buildStory(body.template as StoryTemplate, await templateData(deps.sql, region, body.industryChain));
      const id = await createStory(deps.sql, { title: body.title, template: body.template as StoryTemplate, regionCode: region ?? null, content, createdBy: p.user.userId });
      await auditAction(deps.sql, c, { action: 'story.create', object: `story:${id}`, outcome: 'ok', detail: { title: body.title, template: body.template } });
      return c.json({ id, version: 1, title: body.title, template: body.template, content }, 201);
    })
    .get('/api/stories/:id', async (c) => {
      const { id } = parseParams(c, idParam);
      const principal = principalOf(c);
      const story = await readableStory(c, id);
      const { figures, dataVersion } = await figuresOf(story);
      const data = Object.fromEntries(await Promise.all(story.content.scenes.map(async (s) => [s.id, await sceneData(deps.sql, s)] as const)));
      const tiles = await tileVersion(story.pinnedVersionId);
      if (principal.kind === 'share') {
        await auditAction(deps.sql, c, { action: 'story.view', object: `story:${id}`, outcome: 'ok', detail: { share: principal.share.shareId } });
      }
      return c.json({
        id: story.id, title: story.title, template: story.template, regionCode: story.regionCode, version: story.version, content: story.content,
        pinnedVersionId: story.pinnedVersionId, dataVersion,
        figures, sceneData: data, tileVersion: tiles.version, pinnedTilesGone: tiles.pinnedTilesGone,
        createdByName: principal.kind === 'share' ? undefined : story.createdByName, updatedAt: story.updatedAt,
      });
    })
    .put('/api/stories/:id', async (c) => {
      const { id } = parseParams(c, idParam);
      const p = signedInUser(c);
      const body = await parseJsonBody(c, saveBody, MAX_CONTENT_BYTES);
      const content = body.content as StoryContent;
      // Pinning freezes the figures with the data version they come from; the map then uses its tiles.
      const current = body.pinned ? await currentDataVersion(deps.sql) : null;
      const version = await saveStory(deps.sql, id, body.version, {
        title: body.title, content, pinnedVersionId: current?.id ?? null, pinnedFigures: current ? await liveFigures(deps, content) : null, savedBy: p.user.userId,
      });
      if (version === null) {
        const story = await storyById(deps.sql, id);
        if (!story) throw new HttpError(404, 'story_not_found', `没有编号为 ${id} 的演示`);
        throw new HttpError(409, 'story_changed', `演示已在别处（他人或其他窗口）保存为第 ${story.version} 版，请刷新后再编辑`, { version: story.version });
      }
      await auditAction(deps.sql, c, { action: 'story.save', object: `story:${id}`, outcome: 'ok', detail: { version, scenes: content.scenes.length, pinned: body.pinned } });
      return c.json({ id, version, pinnedVersionId: current?.id ?? null });
    })
    .delete('/api/stories/:id', async (c) => {
      const { id } = parseParams(c, idParam);
      if (!(await deleteStory(deps.sql, id))) throw new HttpError(404, 'story_not_found', `没有编号为 ${id} 的演示`);
      await auditAction(deps.sql, c, { action: 'story.delete', object: `story:${id}`, outcome: 'ok' });
      return c.json({ ok: true });
    })
    .post('/api/stories/:id/handout', async (c) => {
      const { id } = parseParams(c, idParam);
      const principal = principalOf(c);
      const story = await readableStory(c, id);
      const body = await parseJsonBody(c, handoutBody, MAX_HANDOUT_BYTES);
      if (body.images.length !== story.content.scenes.length) {
        throw new HttpError(400, 'invalid_body', `请求参数有误：images：应有 ${story.content.scenes.length} 张（每个场景一张，可为 null）`, [{ field: 'images', reason: '数量与场景数不符' }]);
      }
      const { figures, dataVersion } = await figuresOf(story);
      let bytes: Uint8Array;
      try {
        const images: (HandoutImage | null)[] = body.images.map((u) => (u ? decodeImage(u) : null));
        bytes = await storyHandout(story, figures, images, dataVersion?.label ?? null);
      } catch (e) {
        // pdf-lib refuses an image it cannot decode: the client's fault, said so.
        throw new HttpError(422, 'bad_image', `图片无法读取：${String((e as Error)?.message ?? e).slice(0, 120)}`);
      }
      await auditAction(deps.sql, c, { action: 'story.handout', object: `story:${id}`, outcome: 'ok', detail: principal.kind === 'share' ? { share: principal.share.shareId } : {} });
      c.header('Content-Type', 'application/pdf');
      c.header('Content-Disposition', `attachment; filename="guatu-story-${id}.pdf"; filename*=UTF-8''${encodeURIComponent(`${story.title}.pdf`)}`);
      return c.body(bytes as Uint8Array<ArrayBuffer>);
    })
    .get('/api/stories/:id/versions', async (c) => {
      const { id } = parseParams(c, idParam);
      await readableStory(c, id);
      return c.json({ items: await storyVersions(deps.sql, id) });
    })
    .get('/api/stories/:id/versions/:version', async (c) => {
      const { id, version } = parseParams(c, idParam.extend({ version: z.coerce.number().int().min(1).max(1_000_000) }));
      await readableStory(c, id);
      const saved = await storyVersion(deps.sql, id, version);
      if (!saved) throw new HttpError(404, 'story_version_not_found', `演示 ${id} 没有第 ${version} 版`);
      return c.json({ id, version, ...saved });
    })
    .post('/api/stories/:id/duplicate', async (c) => {
      const { id } = parseParams(c, idParam);
      const p = signedInUser(c);
      const story = await readableStory(c, id);
      const title = `${story.title.slice(0, 94)}（副本）`;
      const copy = await createStory(deps.sql, { title, template: story.template, regionCode: story.regionCode, content: story.content, createdBy: p.user.userId });
      await auditAction(deps.sql, c, { action: 'story.duplicate', object: `story:${copy}`, outcome: 'ok', detail: { from: id } });
      return c.json({ id: copy, title }, 201);
    });
}
