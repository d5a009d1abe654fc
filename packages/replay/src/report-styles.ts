/** The report's inline stylesheet: no web fonts, no images, prints on paper. */
export const REPORT_CSS = `
:root { color-scheme: light; --ok: #1a7f37; --bad: #cf222e; --recorded: #6e7781; --replay: #bc4c00; --actual: #0969da; --cf: #8250df; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; margin: 0 auto; max-width: 980px; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; } h3 { font-size: 16px; margin: 0 0 6px; }
h3 small { font-weight: normal; color: #59636e; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; }
table { border-collapse: collapse; margin: 8px 0; } th, td { border: 1px solid #d1d9e0; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
dl.totals { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px; margin: 8px 0; }
dl.totals div { border: 1px solid #d1d9e0; border-radius: 6px; padding: 8px; } dl.totals dt { color: #59636e; font-size: 12px; } dl.totals dd { margin: 0; font-size: 20px; font-weight: 600; }
section.canary { border: 1px solid #d1d9e0; border-radius: 8px; padding: 16px; margin: 16px 0; break-inside: avoid; }
.difference { font-weight: 600; font-size: 15px; margin: 4px 0 8px; }
.kind-same { color: var(--ok); } .kind-would_have_promoted, .kind-would_have_rolled_back, .kind-earlier, .kind-later { color: var(--bad); } .kind-undecided { color: #9a6700; }
.state-promoted { color: var(--ok); font-weight: 600; } .state-rolled_back { color: var(--bad); font-weight: 600; }
.bad { color: var(--bad); }
ul.caveats { background: #fff8c5; border: 1px solid #d4a72c; border-radius: 6px; padding: 8px 8px 8px 28px; }
.chart { display: block; max-width: 100%; height: auto; margin: 8px 0; }
.chart .frame { fill: #fff; stroke: #d1d9e0; } .chart text { font: 11px system-ui, sans-serif; fill: #59636e; } .chart .metric { font-weight: 600; fill: #1f2328; }
.chart .series { fill: none; stroke: #57606a; stroke-width: 1.5; }
.chart .point { stroke-width: 1.5; } .chart .ok-replay { fill: var(--ok); stroke: #fff; } .chart .breach-replay { fill: var(--bad); stroke: #fff; }
.chart .breach-recorded { stroke: #1f2328; } .chart .missing { fill: #fff; stroke: var(--bad); }
.chart .threshold { stroke-width: 1.5; } .chart .threshold.recorded { stroke: var(--recorded); stroke-dasharray: 6 4; } .chart .threshold.replay { stroke: var(--replay); }
.chart .threshold-label.recorded { fill: var(--recorded); } .chart .threshold-label.replay { fill: var(--replay); }
.chart .decision { stroke-width: 1.5; stroke-dasharray: 2 3; } .chart .decision.actual { stroke: var(--actual); } .chart .decision.counterfactual { stroke: var(--cf); }
.chart .decision-label.actual { fill: var(--actual); } .chart .decision-label.counterfactual { fill: var(--cf); }
.legend span { margin-right: 14px; } .legend i { display: inline-block; width: 18px; height: 0; border-top: 2px solid; vertical-align: middle; margin-right: 4px; }
.legend .recorded { border-color: var(--recorded); border-top-style: dashed; } .legend .replay { border-color: var(--replay); }
.legend .actual { border-color: var(--actual); border-top-style: dotted; } .legend .counterfactual { border-color: var(--cf); border-top-style: dotted; }
.ladders { display: flex; flex-wrap: wrap; gap: 16px; } table.ladder caption { text-align: left; font-weight: 600; padding-bottom: 4px; } p.ladder { margin: 8px 0; }
table.comparisons caption { text-align: left; font-weight: 600; padding-bottom: 4px; } .verdict-High { color: var(--bad); font-weight: 600; } .verdict-Pass { color: var(--ok); } .verdict-NoData { color: #9a6700; }
footer { color: #59636e; font-size: 12px; margin-top: 32px; }
`;
