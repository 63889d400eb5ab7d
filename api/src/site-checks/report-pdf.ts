// The site check's report as a PDF file to download: the same content as the printable HTML report
// (title, time, user, data version, CRS and area basis, per site the verdict, a map of the site and
// its overlaps, the corner coordinates and the per-layer table), then what was checked and the
// corridor widths with their basis. Drawn with pdf-lib and the bundled Noto Sans SC, no browser.
import { checkLayers, defaultRules, verdictLine, type SiteCheckRules } from '@guatu/data/site-check-rules.ts';
import { lineKinds } from '@guatu/data/glossary.ts';
import { pageWriter } from '../pdf/page-writer.ts';
import { hitText, num, type SavedCheck, type Site } from './report-content.ts';
import { polygonRings, siteMapShapes } from './report-map.ts';

const verdictColors = { conflict: ['#fff5f5', '#c92a2a'], attention: ['#fff9db', '#e67700'], clear: ['#ebfbee', '#2b8a3e'] } as const;

/** The PDF bytes of a saved (single) site check. */
export async function siteCheckPdf(r: SavedCheck): Promise<Uint8Array> {
  const res = r.result as { sites: Site[]; dataVersion: { label: string } | null; crs: { name: string }; areaBasis: string; sliverM2: number; corridorWidths?: SiteCheckRules['corridorWidths'] };
  const title = r.title || '选址冲突分析报告';
  const when = new Date(r.createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  const w = await pageWriter(`挂图 · ${title} · 编号 ${r.id}`);
  w.doc.setTitle(`${title} · ${r.id}`);
  w.doc.setCreator('Guatu 挂图');
  for (const [i, s] of res.sites.entries()) {
    if (i > 0) w.newPage();
    await w.text(title, { size: 16, bold: true });
    await w.text(`编号 ${r.id} · ${when} · ${r.createdByName ?? ''} · 数据版本：${res.dataVersion?.label ?? '—'}`, { size: 9, color: '#495057' });
    await w.text(`输入坐标系：${res.crs.name} · 面积口径：${res.areaBasis} · 小于 ${res.sliverM2} m² 的重叠视为碎片忽略`, { size: 9, color: '#495057' });
    w.y += 6;
    await w.text(`选址 ${s.index}${s.name ? `：${s.name}` : ''}`, { size: 13, bold: true });
    const [background, color] = verdictColors[s.verdict];
    w.y += 4;
    await w.text(verdictLine(s.verdict, s.explanation), { size: 10, color }, { x: w.left + 6, max: w.width - 12, background });
    w.y += 8;

    // The map on the left, the area and corner coordinates on the right.
    const top = w.y;
    const m = siteMapShapes(s);
    if (m) {
      w.ensure(m.size);
      w.path(`M0,0H${m.size}V${m.size}H0Z`, w.left, w.y, { fill: '#f8f9fa', stroke: '#dee2e6', strokeWidth: 0.6 });
      w.path(m.site, w.left, w.y, { fill: '#ffffff' });
      for (const o of m.overlaps) w.path(o.path, w.left, w.y, { fill: o.color, opacity: 0.55, stroke: o.color, strokeWidth: 0.5 });
      w.path(m.site, w.left, w.y, { stroke: '#1f2a37', strokeWidth: 1.4 });
      w.path(`M14,${m.size - 10}h${m.bar.px.toFixed(1)}`, w.left, w.y, { stroke: '#1f2a37', strokeWidth: 2 });
      await w.label(m.bar.label, w.left + 14, w.y + m.size - 26, { size: 8 });
      await w.label('北 ↑', w.left + m.size - 30, w.y + 6, { size: 9 });
      for (const [k, o] of m.overlaps.entries()) {
        w.path('M0,0H9V9H0Z', w.left + m.size + 10, w.y + 4 + k * 14, { fill: o.color, opacity: 0.7 });
        await w.label(o.label, w.left + m.size + 24, w.y + 3 + k * 14, { size: 8.5 });
      }
    }
    const right = w.left + (m ? m.size + 10 : 0);
    const below = w.y + (m ? 14 * m.overlaps.length + 10 : 0);
    const corners = polygonRings(s.geometry)[0]?.slice(0, -1) ?? [];
    w.y = below;
    await w.text(`面积 ${num(s.areaM2)} m²（${num(s.areaMu)} 亩）${s.planeAreaM2 !== undefined ? `；投影平面面积 ${num(s.planeAreaM2)} m²` : ''}`, { size: 9 }, { x: right, max: w.width - (right - w.left) });
    await w.text('界址点（CGCS2000 经纬度）', { size: 9, color: '#868e96' }, { x: right, max: w.width - (right - w.left) });
    for (const [k, p] of corners.slice(0, 10).entries()) await w.text(`J${k + 1}  ${p[0]!.toFixed(7)}, ${p[1]!.toFixed(7)}`, { size: 8.5 }, { x: right });
    if (corners.length > 10) await w.text(`…… 共 ${corners.length} 个界址点`, { size: 8.5 }, { x: right });
    w.y = Math.max(w.y, top + (m?.size ?? 0)) + 12;

    const widths = [96, 78, 58, 50, w.width - 282];
    await w.row(['检查图层', '重叠面积（m²）', '亩', '占选址', '涉及要素 / 最近距离'], widths, { size: 9, bold: true, fill: '#f1f3f5' });
    for (const l of s.layers) {
      const hit = l.overlapAreaM2 > 0;
      await w.row([l.label, hit ? num(l.overlapAreaM2) : '—', hit ? num(l.overlapAreaMu) : '—', hit ? `${num(l.sitePercent, 1)}%` : '—', hitText(l)], widths, { size: 9, ...(hit ? { color: '#c92a2a' } : {}) });
    }
    if (s.warnings.length) {
      w.y += 6;
      await w.text(s.warnings.join('；'), { size: 9, color: '#868e96' });
    }
  }
  w.newPage();
  await w.text('检查内容', { size: 13, bold: true });
  for (const c of checkLayers) await w.text(`· ${c.label}：${c.measures}`, { size: 9.5 });
  w.y += 8;
  await w.text('交通线路保护范围（线路中心线两侧各）', { size: 11, bold: true });
  for (const [kind, c] of Object.entries(res.corridorWidths ?? defaultRules.corridorWidths)) await w.text(`· ${lineKinds[kind as keyof typeof lineKinds] ?? kind}：${c.metres} 米。${c.basis}`, { size: 9 });
  return w.save();
}
