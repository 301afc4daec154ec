/**
 * The report: a summary, the heat map of practitioners by day with its numbers in a table,
 * utilisation per service and per location as tables with bars, and the days with the most
 * free time first. Everything is rebuilt from one feed answer.
 */
import type { CapacityMetrics, CapacityResponse } from '../shared/capacity-contract.ts';
import { h, hidden, svg } from './dom.ts';
import {
  cellOf,
  cellText,
  daysByFreeTime,
  formatClock,
  formatDate,
  formatMinutes,
  formatShare,
  shareStep,
} from './format.ts';

/** The report for one feed answer. */
export function renderReport(feed: CapacityResponse): DocumentFragment {
  const fragment = document.createDocumentFragment();
  fragment.append(summary(feed), heatMap(feed), breakdowns(feed), freestDays(feed));
  return fragment;
}

/** The page's heading text: the clinic (or the practice's locations) and the dates. */
export function reportTitle(feed: CapacityResponse): { heading: string; dates: string; updated: string } {
  const first = feed.days[0]?.date ?? feed.from;
  const last = feed.days.at(-1)?.date ?? feed.to;
  return {
    heading: feed.locations.map((l) => l.name).join(' · '),
    dates: `${formatDate(first)} – ${formatDate(last)}`,
    updated: `Updated ${formatClock(feed.generatedAt)}`,
  };
}

function summary(feed: CapacityResponse): HTMLElement {
  const tile = (label: string, value: string, note?: string) =>
    h('div', { class: 'tile' }, h('dt', {}, label), h('dd', {}, value, note ? h('small', {}, note) : null));
  const { totals } = feed;
  return h(
    'section',
    { 'aria-labelledby': 'summary-heading' },
    h('h2', { id: 'summary-heading', class: 'visually-hidden' }, 'Summary'),
    h(
      'dl',
      { class: 'tiles' },
      tile('Booked', formatShare(totals.utilisation), 'of the time on offer'),
      tile('Free time', formatMinutes(totals.freeMinutes)),
      tile('Free slots', String(totals.freeSlots)),
      tile('Booked time', formatMinutes(totals.bookedMinutes)),
    ),
  );
}

function practitionerLabel(feed: CapacityResponse, p: CapacityResponse['practitioners'][number]) {
  if (feed.locations.length < 2) return p.name;
  return `${p.name} (${feed.locations.find((l) => l.id === p.locationId)?.name ?? p.locationId})`;
}

function heatMap(feed: CapacityResponse): HTMLElement {
  const grid = h('div', {
    class: 'heatmap',
    role: 'img',
    'aria-labelledby': 'heatmap-heading',
    'aria-describedby': 'heatmap-note',
  });
  grid.style.setProperty('--days', String(feed.days.length));
  grid.append(h('span', { class: 'corner' }));
  for (const day of feed.days) {
    grid.append(
      h(
        'span',
        { class: 'day' },
        h('span', { class: 'narrow' }, formatDate(day.date, { weekday: 'narrow' })),
        h('span', { class: 'wide' }, formatDate(day.date, { weekday: 'short', day: 'numeric' })),
      ),
    );
  }
  // A practice's rows come grouped under each location's name (the row names alone would be
  // cut to the same "Name (Harbour…" at every site).
  const grouped = feed.locations.length > 1;
  let location: string | null = null;
  for (const p of feed.practitioners) {
    if (grouped && p.locationId !== location) {
      location = p.locationId;
      const name = feed.locations.find((l) => l.id === p.locationId)?.name ?? p.locationId;
      grid.append(h('span', { class: 'group' }, name));
    }
    grid.append(h('span', { class: 'name' }, p.name));
    for (const day of feed.days) {
      const metrics = cellOf(day, p.id, p.locationId);
      const step = shareStep(metrics?.utilisation ?? null);
      grid.append(
        h(
          'span',
          { class: `cell s${step}`, title: `${p.name}, ${formatDate(day.date)}: ${cellText(metrics)}` },
          step === 'off' ? '' : formatShare(metrics?.utilisation ?? null),
        ),
      );
    }
  }
  const item = (...children: Array<Node | string>) => h('span', { class: 'item' }, ...children);
  const legend = h(
    'p',
    { class: 'legend', 'aria-hidden': 'true' },
    item(h('span', { class: 'swatch s0' }), 'all free', h('span', { class: 'ramp' })),
    item('booked solid', h('span', { class: 'swatch s10' })),
    item(h('span', { class: 'swatch soff' }), 'not working'),
  );
  return h(
    'section',
    { 'aria-labelledby': 'heatmap-heading' },
    h('h2', { id: 'heatmap-heading' }, 'Booked share by practitioner and day'),
    grid,
    legend,
    h('p', { id: 'heatmap-note', class: 'note' }, 'The numbers behind each square are in the table below.'),
    numbersTable(feed),
  );
}

function numbersTable(feed: CapacityResponse): HTMLElement {
  const head = h(
    'tr',
    {},
    h('th', { scope: 'col' }, 'Practitioner'),
    ...feed.days.map((d) => h('th', { scope: 'col' }, formatDate(d.date))),
    h('th', { scope: 'col' }, 'All days'),
  );
  const cell = (metrics: CapacityMetrics | null) =>
    metrics && metrics.utilisation !== null
      ? h(
          'td',
          {},
          h('span', { class: 'pct' }, formatShare(metrics.utilisation)),
          hidden(' booked,'),
          h('span', { class: 'free' }, `${formatMinutes(metrics.freeMinutes)} free`),
        )
      : h('td', { class: 'off' }, h('span', { 'aria-hidden': 'true' }, '–'), hidden('not working'));
  const rows = feed.practitioners.map((p) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, practitionerLabel(feed, p)),
      ...feed.days.map((d) => cell(cellOf(d, p.id, p.locationId))),
      cell(p.totals),
    ),
  );
  const totals = h(
    'tr',
    { class: 'totals' },
    h('th', { scope: 'row' }, 'Everyone'),
    ...feed.days.map((d) => cell(d.totals)),
    cell(feed.totals),
  );
  return scrollable(
    'numbers-caption',
    h(
      'table',
      { class: 'numbers', 'aria-labelledby': 'numbers-caption' },
      h('caption', { id: 'numbers-caption' }, 'Booked share and free time, by practitioner and day'),
      h('thead', {}, head),
      h('tbody', {}, ...rows, totals),
    ),
  );
}

/** A region that scrolls sideways on a phone, reachable by keyboard. */
function scrollable(labelId: string, table: HTMLElement): HTMLElement {
  return h('div', { class: 'scroll', role: 'region', 'aria-labelledby': labelId, tabindex: 0 }, table);
}

function bar(utilisation: number | null): SVGSVGElement {
  const width = Math.round((utilisation ?? 0) * 100);
  return svg(
    'svg',
    {
      class: 'bar',
      viewBox: '0 0 100 10',
      preserveAspectRatio: 'none',
      'aria-hidden': 'true',
      focusable: 'false',
    },
    svg('rect', { class: 'track', x: 0, y: 0, width: 100, height: 10 }),
    svg('rect', { class: 'fill', x: 0, y: 0, width, height: 10 }),
  );
}

function breakdownTable(
  id: string,
  title: string,
  label: string,
  rows: Array<{ name: string; detail?: string; totals: CapacityMetrics }>,
): HTMLElement {
  const caption = `Booked share, free time and free slots per ${label.toLowerCase()}`;
  return h(
    'section',
    { 'aria-labelledby': id },
    h('h2', { id }, title),
    scrollable(
      `${id}-caption`,
      h(
        'table',
        { class: 'breakdown' },
        h('caption', { id: `${id}-caption`, class: 'visually-hidden' }, caption),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, label),
            h('th', { scope: 'col' }, 'Booked'),
            h('th', { scope: 'col' }, 'Free time'),
            h('th', { scope: 'col' }, 'Free slots'),
          ),
        ),
        h(
          'tbody',
          {},
          ...rows.map((row) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, row.name, row.detail ? h('small', {}, row.detail) : null),
              h('td', { class: 'share' }, bar(row.totals.utilisation), formatShare(row.totals.utilisation)),
              h('td', {}, formatMinutes(row.totals.freeMinutes)),
              h('td', {}, String(row.totals.freeSlots)),
            ),
          ),
        ),
      ),
    ),
  );
}

function breakdowns(feed: CapacityResponse): DocumentFragment {
  const fragment = document.createDocumentFragment();
  fragment.append(
    breakdownTable(
      'services-heading',
      'Utilisation per service',
      'Service',
      feed.services.map((s) => ({ name: s.name, detail: s.categoryName, totals: s.totals })),
    ),
    breakdownTable(
      'locations-heading',
      'Utilisation per location',
      'Location',
      feed.locations.map((l) => ({ name: l.name, totals: l.totals })),
    ),
  );
  return fragment;
}

function freestDays(feed: CapacityResponse): HTMLElement {
  return h(
    'section',
    { 'aria-labelledby': 'freest-heading' },
    h('h2', { id: 'freest-heading' }, 'Days with the most free time'),
    h(
      'ol',
      { class: 'freest' },
      ...daysByFreeTime(feed).map((day) =>
        h(
          'li',
          {},
          h('strong', {}, formatDate(day.date)),
          day.totals.utilisation === null
            ? ' no one working'
            : ` ${formatMinutes(day.totals.freeMinutes)} free · ${day.totals.freeSlots} slots · ${formatShare(day.totals.utilisation)} booked`,
        ),
      ),
    ),
  );
}
