// A story's PDF handout for investors: a cover, then one landscape A4 page per scene with the image
// the player captured of it, its title, text and figures. The images come from the browser (only it
// draws the map and the 3-D); the text is the story's own, from the server.
import { plainCaption, storyFigures, type StoryContent, type StoryFigureKey } from '@guatu/data/stories.ts';
import { A4_LANDSCAPE, pageWriter } from '../pdf/page-writer.ts';

export interface HandoutImage {
  bytes: Uint8Array;
  kind: 'png' | 'jpeg';
}

/** The handout's bytes; `images[i]` is scene i's picture (null: the page has text only). */
export async function storyHandout(
  story: { id: number; title: string; content: StoryContent },
  figures: Record<string, Partial<Record<StoryFigureKey, number>>>, images: (HandoutImage | null)[], dataLabel: string | null,
): Promise<Uint8Array> {
  const w = await pageWriter(`${story.title}${dataLabel ? ` · 数据版本：${dataLabel}` : ''}`, A4_LANDSCAPE);
  w.doc.setTitle(story.title);
  w.doc.setCreator('Guatu 挂图');
  w.y = 200;
  await w.text(story.title, { size: 28, bold: true });
  await w.text(story.content.cover.subtitle, { size: 16, color: '#495057' });
  for (const [i, scene] of story.content.scenes.entries()) {
    w.newPage();
    await w.text(`${i + 1}. ${scene.title}`, { size: 16, bold: true });
    const image = images[i];
    if (image) await w.image(image.bytes, image.kind, w.width, 360);
    // Captions mark bold with **…**; the handout prints them plain, one paragraph per line.
    for (const line of plainCaption(scene.text).split('\n').filter((l) => l.trim())) await w.text(line, { size: 11 });
    const values = scene.figures.map((k) => {
      const v = figures[scene.id]?.[k];
      return `${storyFigures[k].label} ${v === undefined ? '—' : v.toLocaleString('zh-CN', { maximumFractionDigits: 2 })} ${storyFigures[k].unit}`;
    });
    if (values.length) await w.text(values.join('　　'), { size: 12, bold: true, color: '#1864ab' });
  }
  return w.save();
}
