/**
 * `--format html`: one self-contained file (inline CSS and a few lines of script, no external resource) that a
 * person can open from an email or a CI artefact: a summary, filters by severity, and the findings grouped by
 * resource with their fixes. Everything from the input is HTML-escaped.
 */
import { SEVERITIES } from '../model/severity.ts';
import type { AuditReport, ReportedFinding } from '../run/report.ts';
import { summaryLine } from './table-report.ts';
import { TOOL_VERSION } from './tool-info.ts';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}
header{background:#1d2330;color:#fff;padding:16px 24px}header h1{margin:0;font-size:20px}
main{padding:16px 24px;max-width:1200px}
.summary{display:flex;gap:8px;flex-wrap:wrap;margin:8px 0 16px}
.pill{border-radius:12px;padding:2px 10px;font-weight:600;color:#fff;cursor:pointer;user-select:none;border:2px solid transparent}
.pill.off{opacity:.35}
.critical{background:#7a0019}.high{background:#c62828}.medium{background:#ef6c00}.low{background:#0277bd}.info{background:#607d8b}.unknown{background:#6a1b9a}
section.resource{background:#fff;border:1px solid #dde1e7;border-radius:6px;margin:12px 0;padding:8px 16px}
section.resource h2{font-size:15px;margin:6px 0}
.meta{color:#5f6b7a;font-size:12px;font-weight:normal}
.finding{border-top:1px solid #eef0f3;padding:8px 0}
.finding .sev{display:inline-block;min-width:72px;text-align:center;border-radius:4px;color:#fff;font-size:12px;font-weight:700;padding:1px 6px;margin-right:8px}
pre{background:#f3f4f6;border-radius:4px;padding:8px;overflow-x:auto;white-space:pre-wrap;word-break:break-all;margin:6px 0}
.suppressed{opacity:.55}.notice{background:#fff8e1;border:1px solid #ffe082;padding:6px 10px;border-radius:4px;margin:4px 0}
footer{color:#5f6b7a;font-size:12px;padding:16px 24px}`;

const SCRIPT = `
document.querySelectorAll('.pill[data-sev]').forEach(function(p){p.addEventListener('click',function(){
  p.classList.toggle('off');var off=p.classList.contains('off');
  document.querySelectorAll('.finding[data-sev="'+p.dataset.sev+'"]').forEach(function(f){f.style.display=off?'none':'';});
  document.querySelectorAll('section.resource').forEach(function(s){
    var shown=[].some.call(s.querySelectorAll('.finding'),function(f){return f.style.display!=='none';});s.style.display=shown?'':'none';});
});});`;

export function renderHtml(report: AuditReport, options: { readonly generatedAt?: string } = {}): string {
  const active = report.findings.filter((f) => !f.suppression);
  const pills = [
    ...SEVERITIES.map((s) => [s, active.filter((f) => f.status === 'fail' && f.severity === s).length] as const),
    ['unknown', active.filter((f) => f.status === 'unknown').length] as const,
  ]
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `<span class="pill ${s}" data-sev="${s}" title="click to hide or show">${n} ${s}</span>`)
    .join('');
  const groups = new Map<string, ReportedFinding[]>();
  for (const f of report.findings) {
    const key = `${f.source}|${f.resource.kind}|${f.resource.id}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const sections = [...groups.values()].map((findings) => {
    const r = findings[0].resource;
    const where = findings[0].location ? `${findings[0].location.file}:${findings[0].location.line}` : (findings[0].arn ?? '');
    return `<section class="resource"><h2>${escapeHtml(r.id)}${r.name && r.name !== r.id ? ` (${escapeHtml(r.name)})` : ''} <span class="meta">${escapeHtml(r.kind)}${r.vpcId ? ` · ${escapeHtml(r.vpcId)}` : ''}${where ? ` · ${escapeHtml(where)}` : ''} · ${escapeHtml(findings[0].source)}</span></h2>${findings.map(findingHtml).join('')}</section>`;
  });
  const sources = report.sources.map((s) => `${escapeHtml(s.kind)} <code>${escapeHtml(s.origin)}</code>`).join(', ');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Rampart audit report</title><style>${STYLE}</style></head>
<body><header><h1>Rampart audit</h1><div>${sources}</div></header><main>
<p><strong>${escapeHtml(summaryLine(report))}</strong></p>
<div class="summary">${pills}</div>
${report.notices.map((n) => `<div class="notice">${escapeHtml(n)}</div>`).join('\n')}
${sections.join('\n') || '<p>No findings.</p>'}
</main><footer>rampart ${escapeHtml(TOOL_VERSION)} · generated ${escapeHtml(options.generatedAt ?? new Date().toISOString())}</footer>
<script>${SCRIPT}</script></body></html>
`;
}

function findingHtml(f: ReportedFinding): string {
  const sevClass = f.status === 'unknown' ? 'unknown' : f.severity;
  const label = f.status === 'unknown' ? `unknown` : f.severity;
  const fix = [...f.remediation.commands, ...(f.remediation.patch ? [f.remediation.patch] : [])].join('\n');
  const data = `data-sev="${sevClass}" data-check="${escapeHtml(f.checkId)}" data-resource="${escapeHtml(f.resource.id)}" data-severity="${f.severity}" data-status="${f.status}"`;
  return `<div class="finding${f.suppression ? ' suppressed' : ''}" ${data}><span class="sev ${sevClass}">${label}</span><strong>${escapeHtml(f.checkId)}</strong> ${escapeHtml(f.title)}
<div>${escapeHtml(f.message)}</div>${f.baseSeverity ? `<div class="meta">re-rated ${escapeHtml(f.baseSeverity)} → ${escapeHtml(f.severity)}: ${escapeHtml(f.escalatedBy ?? '')}</div>` : ''}${f.suppression ? `<div class="meta">suppressed: ${escapeHtml(f.suppression.reason)}${f.suppression.expiry ? ` (until ${escapeHtml(f.suppression.expiry)})` : ''}</div>` : ''}
<div><em>Fix:</em> ${escapeHtml(f.remediation.summary)}</div>${fix ? `<pre>${escapeHtml(fix)}</pre>` : ''}</div>`;
}
