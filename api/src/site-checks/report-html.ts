// The printable report of a saved site check: one A4 page per site (title, time, user, data version,
// CRS and area basis, a map of the site and its overlaps, its corner coordinates, the per-layer table and the
// verdict), laid out for the browser's print dialog and its "save as PDF".
import { checkLayers, verdictLine } from '@guatu/data/site-check-rules.ts';
import { polygonRings as rings, siteMapSvg } from './report-map.ts';
import { hitText, num, type SavedCheck, type Site } from './report-content.ts';


const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function sitePage(s: Site, head: string): string {
  const corners = rings(s.geometry)[0]?.slice(0, -1).slice(0, 12) ?? [];
  const rows = s.layers.map((l) => `<tr><td>${esc(l.label)}</td><td class="n">${l.overlapAreaM2 > 0 ? num(l.overlapAreaM2) : '—'}</td><td class="n">${l.overlapAreaM2 > 0 ? num(l.overlapAreaMu) : '—'}</td><td class="n">${l.overlapAreaM2 > 0 ? `${num(l.sitePercent, 1)}%` : '—'}</td>
    <td>${esc(hitText(l))}</td></tr>`).join('');
  return `<section class="page">${head}
  <h2>选址 ${s.index}${s.name ? `：${esc(s.name)}` : ''}</h2>
  <p class="verdict ${s.verdict}">${esc(verdictLine(s.verdict, s.explanation))}</p>
  <div class="row">${siteMapSvg(s)}<dl><dt>面积</dt><dd>${num(s.areaM2)} m²（${num(s.areaMu)} 亩）${s.planeAreaM2 !== undefined ? `；投影平面面积 ${num(s.planeAreaM2)} m²` : ''}</dd>
  <dt>界址点（CGCS2000 经纬度）</dt><dd class="coords">${corners.map((p, i) => `J${i + 1} ${p[0]!.toFixed(7)}, ${p[1]!.toFixed(7)}`).join('<br>')}${(rings(s.geometry)[0]?.length ?? 0) > 13 ? '<br>……' : ''}</dd></dl></div>
  <table><thead><tr><th>检查图层</th><th>重叠面积（m²）</th><th>亩</th><th>占选址</th><th>涉及要素 / 最近距离</th></tr></thead><tbody>${rows}</tbody></table>
  ${s.warnings.length ? `<p class="note">${s.warnings.map(esc).join('；')}</p>` : ''}</section>`;
}

/** The report as a complete HTML document. */
export function siteCheckReport(r: SavedCheck): string {
  const res = r.result as { sites: Site[]; dataVersion: { label: string } | null; crs: { name: string }; areaBasis: string; sliverM2: number };
  const when = new Date(r.createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  const head = `<header><h1>${esc(r.title || '选址冲突分析报告')}</h1><p>编号 ${r.id} · ${esc(when)} · ${esc(r.createdByName ?? '')} · 数据版本：${esc(res.dataVersion?.label ?? '—')}</p>
    <p>输入坐标系：${esc(res.crs.name)} · 面积口径：${esc(res.areaBasis)} · 小于 ${res.sliverM2} m² 的重叠视为碎片忽略</p></header>`;
  const download = `<p class="no-print"><a href="/api/site-checks/${r.id}/report?format=pdf">下载 PDF</a> · 或用浏览器打印（Ctrl+P）</p>`;
  const legend = `<section class="page basis"><h2>检查内容</h2><ul>${checkLayers.map((c) => `<li>${esc(c.label)}：${esc(c.measures)}</li>`).join('')}</ul></section>`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(r.title || '选址冲突分析报告')} · ${r.id}</title>
  ${['chinese-simplified-400', 'chinese-simplified-500', 'latin-400', 'latin-500'].map((f) => `<link rel="stylesheet" href="/fonts/noto-sans-sc/${f}.css">`).join('')}<style>
  @page { size: A4; margin: 16mm 14mm; }
  body { font-family: 'Noto Sans SC', 'Source Han Sans SC', 'Microsoft YaHei', sans-serif; color: #212529; font-size: 12px; margin: 0 auto; max-width: 182mm; }
  .page { break-after: page; padding: 8px 0; } .page:last-child { break-after: auto; }
  h1 { font-size: 18px; margin: 0 0 4px; } h2 { font-size: 15px; margin: 12px 0 6px; } header p { margin: 2px 0; color: #495057; }
  .verdict { padding: 6px 10px; border-radius: 4px; } .verdict.conflict { background: #fff5f5; color: #c92a2a; } .verdict.attention { background: #fff9db; color: #e67700; } .verdict.clear { background: #ebfbee; color: #2b8a3e; }
  .row { display: flex; gap: 16px; align-items: flex-start; flex-wrap: wrap; } dl { margin: 0; } dt { color: #868e96; margin-top: 4px; } dd { margin: 0; } .coords { font-family: monospace; font-size: 11px; }
  table { width: 100%; border-collapse: collapse; margin-top: 8px; } th, td { border: 1px solid #dee2e6; padding: 4px 6px; text-align: left; vertical-align: top; } th { background: #f1f3f5; font-weight: 500; } .n { text-align: right; white-space: nowrap; }
  .note { color: #868e96; } @media print { .no-print { display: none; } .verdict, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
  </style></head><body>${download}${res.sites.map((s) => sitePage(s, head)).join('')}${legend}</body></html>`;
}
