import { type Html, html } from '../../html.ts';
import type { Interval } from '../../reports/oslo-dates.ts';
import type { Words } from '../words.ts';

export interface Bucket {
  start: string;
  yes: number;
  no: number;
  /** Views of the page in the bucket, where they are counted. */
  views?: number;
}

const size = { width: 640, height: 260, left: 44, right: 8, top: 12, bottom: 36 };
const plot = { width: size.width - size.left - size.right, height: size.height - size.top - size.bottom };
const round = (n: number) => Math.round(n * 100) / 100;

/** How a bucket is named: its day, the Monday its week starts on, or its month. */
export const bucketText = (w: Words, start: string, interval: Interval) =>
  interval === 'month' ? w.month(start) : w.day(start);
const tickText = (w: Words, start: string, interval: Interval) =>
  interval === 'month' ? w.month(start) : w.dayMonth(start);

/** 1, 2, 5, 10, 20, 50, ...: the smallest at or above the highest count. */
function niceCeiling(value: number): number {
  for (let scale = 1; ; scale *= 10) for (const step of [1, 2, 5]) if (step * scale >= value) return step * scale;
}

/** Up to six buckets to label along the x-axis, the first and the last among them. */
function labelled(count: number): number[] {
  if (count <= 8) return [...Array(count).keys()];
  return [...new Set([0, 1, 2, 3, 4, 5].map((k) => Math.round((k * (count - 1)) / 5)))];
}

function bars(series: Bucket[], max: number): Html[] {
  const step = plot.width / series.length;
  const width = Math.min(step * 0.4, 24);
  const bar = (kind: 'yes' | 'no', x: number, value: number) => {
    const h = (value / max) * plot.height;
    const y = round(size.top + plot.height - h);
    return html`<rect class="bar-${kind}" x="${round(x)}" y="${y}" width="${round(width)}" height="${round(h)}">
</rect>`;
  };
  return series.map((b, i) => {
    const middle = size.left + i * step + step / 2;
    return html`${b.yes ? bar('yes', middle - width, b.yes) : ''}${b.no ? bar('no', middle, b.no) : ''}`;
  });
}

function axes(w: Words, series: Bucket[], max: number, interval: Interval): Html {
  const ticks = max % 2 === 0 ? [0, max / 2, max] : [0, max];
  const y = (value: number) => round(size.top + plot.height - (value / max) * plot.height);
  const step = plot.width / series.length;
  const anchor = (i: number) =>
    series.length > 1 && i === 0 ? 'start' : i === series.length - 1 && series.length > 1 ? 'end' : 'middle';
  const x = (i: number) =>
    round(
      anchor(i) === 'start'
        ? size.left
        : anchor(i) === 'end'
          ? size.left + plot.width
          : size.left + i * step + step / 2,
    );
  return html`${ticks.map(
    (t) =>
      html`<line class="grid" x1="${size.left}" x2="${size.left + plot.width}" y1="${y(t)}" y2="${y(t)}"></line>
<text class="tick" x="${size.left - 6}" y="${y(t) + 4}" text-anchor="end">${t}</text>`,
  )}${labelled(series.length).map(
    (i) =>
      html`<text class="tick" x="${x(i)}" y="${size.height - 14}" text-anchor="${anchor(i)}">
${tickText(w, (series[i] as Bucket).start, interval)}</text>`,
  )}`;
}

/** A page change to mark on the chart: the bucket it falls in, its day and its note. */
export interface Mark {
  start: string;
  day: string;
  note: string;
}

/** A dashed line where each change falls, between the bars of its bucket. */
function changeLines(series: Bucket[], marks: Mark[]): Html[] {
  const step = plot.width / series.length;
  return marks.flatMap((m) => {
    const i = series.findIndex((b) => b.start === m.start);
    if (i < 0) return [];
    const x = round(size.left + i * step + step / 2);
    return [html`<line class="change" x1="${x}" x2="${x}" y1="${size.top}" y2="${size.top + plot.height}"></line>`];
  });
}

/** A bar chart of "ja" and "nei" per bucket, drawn on the server, with the same numbers in a table for everyone. */
export function trendChart(w: Words, series: Bucket[], interval: Interval, about: string, marks: Mark[] = []): Html {
  const t = w.t.chart;
  const [per, column] = t.intervals[interval];
  const viewed = series.some((b) => b.views !== undefined);
  const max = niceCeiling(Math.max(1, ...series.map((b) => Math.max(b.yes, b.no))));
  const yes = series.reduce((n, b) => n + b.yes, 0);
  const no = series.reduce((n, b) => n + b.no, 0);
  const worst = series.reduce<Bucket | undefined>((w, b) => (b.no > (w?.no ?? 0) ? b : w), undefined);
  const mostNo = worst ? t.mostNo(worst.no, bucketText(w, worst.start, interval)) : '';
  const changed = marks.length
    ? t.changes(marks.map((m) => `${w.day(m.day)}${m.note ? ` (${m.note})` : ''}`).join(', '))
    : '';
  const description = `${t.summary(about, yes, no)}${mostNo}${changed}`;
  return html`<figure class="chart">
<svg role="img" aria-labelledby="trend-title trend-desc" viewBox="0 0 ${size.width} ${size.height}"
 width="${size.width}" height="${size.height}">
<title id="trend-title">${t.title(per)}</title>
<desc id="trend-desc">${description}</desc>
${axes(w, series, max, interval)}
${bars(series, max)}
${changeLines(series, marks)}
</svg>
<figcaption><ul class="legend">
<li><span class="swatch swatch-yes"></span>${w.t.values.yes}</li><li><span class="swatch swatch-no"></span>${
    w.t.values.no
  }</li>
${marks.length ? html`<li><span class="swatch swatch-change"></span>${t.change}</li>` : ''}
</ul></figcaption>
</figure>
<details>
<summary>${t.numbers}</summary>
<div class="table-wrap" role="region" aria-labelledby="trend-caption" tabindex="0">
<table>
<caption id="trend-caption">${t.title(per)}</caption>
<thead><tr>
<th scope="col">${column}</th><th scope="col" class="num">${w.t.values.yes}</th>
<th scope="col" class="num">${w.t.values.no}</th>
${viewed ? html`<th scope="col" class="num">${t.views}</th>` : ''}
</tr></thead>
<tbody>
${series.map(
  (b) => html`<tr><th scope="row">${bucketText(w, b.start, interval)}</th>
<td class="num">${b.yes}</td><td class="num">${b.no}</td>${
    viewed ? html`<td class="num">${b.views ?? 0}</td>` : ''
  }</tr>`,
)}
</tbody>
</table>
</div>
</details>`;
}
