namespace SurveyNetwork.Domain.Reports.Rendering;

/// <summary>
/// The report's colours and style sheet (system fonts only: a page makes no outside request). Text
/// colours keep a contrast of at least 4.5:1 on white and on the header band (WCAG 2.1, 1.4.3).
/// </summary>
internal static class Theme
{
    /// <summary>Okabe &amp; Ito (2008) colour-blind-safe palette; "other" is a light grey.</summary>
    public static readonly string[] Palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

    public const string Other = "#B8BEC6";
    public const string Team = "#0072B2";
    public const string Organization = "#1F2933";
    public const string Track = "#E4E7EB";

    public static string Colour(int index) => index >= 0 && index < Palette.Length ? Palette[index] : Other;

    public const string Css = """
:root { --ink: #1f2933; --muted: #52606d; --faint: #616e7c; --line: #e4e7eb; --band: #f5f7fa; --accent: #0b5cad; --good: #00704f; --warn: #8a5a00; --bad: #a63b00; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; font: 15px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; font-variant-numeric: tabular-nums; }
.page { max-width: 1080px; margin: 0 auto; padding: 0 32px 48px; }
header.top { background: var(--band); border-bottom: 1px solid var(--line); }
header.top .page { padding-top: 28px; padding-bottom: 22px; }
.eyebrow { margin: 0 0 4px; color: var(--muted); font-size: 13px; letter-spacing: .06em; text-transform: uppercase; }
h1 { margin: 0; font-size: 30px; line-height: 1.2; font-weight: 650; }
.subtitle { margin: 6px 0 0; color: var(--muted); }
.badge { display: inline-block; margin-left: 8px; padding: 2px 10px; border-radius: 999px; font-size: 12px; font-weight: 600; vertical-align: middle; border: 1px solid currentColor; }
.badge.high { color: var(--good); } .badge.directional { color: var(--warn); } .badge.caution { color: var(--bad); }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin: 22px 0 0; }
.kpi { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; }
.kpi .value { font-size: 26px; font-weight: 650; line-height: 1.15; }
.kpi .label { color: var(--muted); font-size: 13px; }
.kpi .ref { color: var(--faint); font-size: 12px; }
section { margin-top: 36px; }
h2 { font-size: 20px; margin: 0 0 6px; font-weight: 650; }
h3 { font-size: 15px; margin: 18px 0 6px; font-weight: 650; }
p.lead { margin: 0 0 14px; color: var(--muted); max-width: 760px; }
.note { color: var(--muted); font-size: 13px; }
.notice { border: 1px solid var(--line); border-left: 4px solid var(--accent); background: var(--band); padding: 12px 16px; border-radius: 6px; }
.notice p { margin: 0; }
table { width: 100%; border-collapse: collapse; font-size: 14px; }
caption { text-align: left; font-weight: 650; padding: 0 0 6px; }
th, td { padding: 6px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: middle; }
thead th { color: var(--muted); font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; border-bottom: 2px solid var(--line); }
tbody th { font-weight: 500; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr.group th { padding-top: 14px; color: var(--accent); font-size: 12px; text-transform: uppercase; letter-spacing: .05em; border-bottom: 1px solid var(--line); }
.help { display: block; color: var(--faint); font-size: 12px; font-weight: 400; }
.bar { display: block; }
.table-wrap { overflow-x: auto; }
.spaced { margin-top: 18px; }
table.dense { font-size: 13px; }
table.dense th, table.dense td { padding: 5px 6px; }
table.dense tbody th { white-space: nowrap; }
.key { display: flex; align-items: center; gap: 6px; }
.gap { display: inline-block; width: 14px; }
.card .rule { margin: 8px 0 0; color: var(--faint); font-size: 12px; }
.tiles { display: grid; grid-template-columns: repeat(3, 1fr); gap: 10px; }
.tile { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; }
.tile .value { font-size: 22px; font-weight: 650; line-height: 1.2; }
.tile .label { color: var(--muted); font-size: 12px; }
.tile.alert .value { color: var(--bad); }
.facts dd svg { display: block; margin: 2px 0 6px; }
.muted { color: var(--faint); }
.up { color: var(--good); } .down { color: var(--bad); }
.roles { display: flex; flex-wrap: wrap; gap: 4px; }
.role { display: inline-block; padding: 0 7px; border-radius: 4px; background: var(--band); border: 1px solid var(--line); font-size: 12px; white-space: nowrap; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 14px; }
.card { border: 1px solid var(--line); border-left: 4px solid var(--accent); border-radius: 8px; padding: 12px 16px; }
.card.connectAcrossBoundaries { border-left-color: #0072B2; } .card.deepenTies { border-left-color: #CC79A7; } .card.rebalanceGiveAndTake { border-left-color: #009E73; } .card.relieveBottleneck { border-left-color: #D55E00; } .card.drawInPeripheral { border-left-color: #E69F00; }
.card h3 { margin: 2px 0 4px; }
.card .tactic { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .05em; }
.card p { margin: 0 0 8px; }
.card ul { margin: 0; padding-left: 18px; color: var(--muted); font-size: 13px; }
.card .number .figure { font-size: 22px; font-weight: 650; margin-right: 2px; }
.card .number span { color: var(--muted); font-size: 13px; }
.card .action { background: var(--band); border-radius: 6px; padding: 6px 10px; }
.card details { margin-top: 6px; }
.card summary { color: var(--accent); font-size: 13px; cursor: pointer; }
.table-wrap:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
figure { margin: 0; }
figure svg { width: 100%; height: auto; border: 1px solid var(--line); border-radius: 10px; background: #fff; }
figcaption { color: var(--muted); font-size: 13px; margin-top: 8px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 16px; margin: 10px 0 0; padding: 0; list-style: none; font-size: 13px; }
.legend li { display: flex; align-items: center; gap: 6px; }
.legend.marks { margin: 0 0 6px; }
.legend.marks svg { flex: none; }
.maps { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr)); gap: 22px 20px; margin-top: 12px; }
.maps.wide { grid-template-columns: 1fr; }
figure.panel figcaption { color: var(--ink); font-weight: 650; font-size: 14px; margin: 0 0 6px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 50%; border: 1px solid rgba(0,0,0,.25); }
.swatch.ring { background: #fff; border: 2px solid #1f2933; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; font-size: 14px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
footer { margin-top: 40px; padding-top: 14px; border-top: 1px solid var(--line); color: var(--faint); font-size: 12px; }
@media (max-width: 720px) { .page { padding: 0 16px 32px; } .grid2 { grid-template-columns: 1fr; } h1 { font-size: 24px; } }
@media print {
  @page { margin: 14mm 12mm; }
  body { font-size: 10pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .page { max-width: none; padding: 0; }
  header.top { background: none; border-bottom: 2px solid var(--ink); }
  .card, figure, tr, .kpi, .tile, dl.facts { break-inside: avoid; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .kpis { grid-template-columns: repeat(3, 1fr); }
  .table-wrap { overflow: visible; }
  table.dense { font-size: 7.5pt; }
  table.dense th, table.dense td { padding: 3px 4px; }
  .role { font-size: 7pt; padding: 0 3px; }
  a { color: inherit; text-decoration: none; }
}
""";
}
