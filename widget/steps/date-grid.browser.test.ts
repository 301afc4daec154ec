import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { DateGrid } from './date-grid.ts';
import '../define.ts';
import './browse-steps.ts';

async function grid(selected: string | null = '2026-11-24') {
  return fixture<DateGrid>(
    html`<cb-date-grid
      month="2026-11"
      .selected=${selected}
      first="2026-11-23"
      last="2027-01-22"
      .available=${new Set(['2026-11-24', '2026-11-25', '2026-12-01'])}
    ></cb-date-grid>`,
  );
}

function focused(el: DateGrid): string | undefined {
  return (el.shadowRoot!.activeElement as HTMLElement | null)?.dataset.date;
}

describe('<cb-date-grid>', () => {
  it('is one tab stop on the selected day, marks days with times, and labels each day', async () => {
    const el = await grid();
    const stops = el.shadowRoot!.querySelectorAll('button.day[tabindex="0"]');
    expect(stops).to.have.length(1);
    expect((stops[0] as HTMLElement).dataset.date).to.equal('2026-11-24');
    expect(stops[0]!.getAttribute('aria-label')).to.equal(
      'Tuesday 24 November, times available, selected',
      'the focused button says it is the selected day, not only its cell',
    );
    expect(el.shadowRoot!.querySelector('[data-date="2026-11-25"]')!.getAttribute('aria-label')).to.equal(
      'Wednesday 25 November, times available',
    );
    expect(el.shadowRoot!.querySelector('[data-date="2026-11-26"]')!.getAttribute('aria-disabled')).to.equal(
      'true',
    );
    expect(el.shadowRoot!.querySelector('[role="grid"]')).not.to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('moves by day and week with the arrow keys, Home/End to the week, and selects with Enter', async () => {
    const el = await grid();
    (el.shadowRoot!.querySelector('[data-date="2026-11-24"]') as HTMLElement).focus();
    await sendKeys({ press: 'ArrowRight' });
    expect(focused(el)).to.equal('2026-11-25');
    await sendKeys({ press: 'ArrowUp' });
    expect(focused(el)).to.equal('2026-11-23', 'clamped to the first bookable day');
    await sendKeys({ press: 'End' });
    expect(focused(el)).to.equal('2026-11-29');
    await sendKeys({ press: 'Home' });
    expect(focused(el)).to.equal('2026-11-23');
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowRight' });
    const selected = oneEvent<CustomEvent<{ date: string }>>(el, 'date-select');
    await sendKeys({ press: 'Enter' });
    expect((await selected).detail.date).to.equal('2026-11-25');
  });

  it('asks for the next month when the arrows go past the end of this one', async () => {
    const el = await grid('2026-11-30');
    (el.shadowRoot!.querySelector('[data-date="2026-11-30"]') as HTMLElement).focus();
    const change = oneEvent<CustomEvent<{ date: string }>>(el, 'month-change');
    await sendKeys({ press: 'ArrowDown' });
    expect((await change).detail.date).to.equal('2026-12-07');
  });

  it('does not select a day without times', async () => {
    const el = await grid();
    let selected = false;
    el.addEventListener('date-select', () => (selected = true));
    (el.shadowRoot!.querySelector('[data-date="2026-11-26"]') as HTMLElement).click();
    expect(selected).to.equal(false);
  });

  it('keeps focus on a month button that reaches the first or last bookable month', async () => {
    const el = await grid();
    const months: string[] = [];
    el.addEventListener('month-change', (e) => {
      months.push((e as CustomEvent<{ date: string }>).detail.date);
      el.month = (e as CustomEvent<{ date: string }>).detail.date.slice(0, 7);
    });
    const nav = (name: string) => el.shadowRoot!.querySelector<HTMLButtonElement>(`[aria-label="${name}"]`)!;
    expect(nav('Previous month').getAttribute('aria-disabled')).to.equal('true');
    nav('Next month').focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.month).to.equal('2027-01');
    expect(nav('Next month').getAttribute('aria-disabled')).to.equal('true', 'the last bookable month');
    expect(el.shadowRoot!.activeElement).to.equal(nav('Next month'), 'focus stays on the button');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(months).to.deep.equal(['2026-12-01', '2027-01-01'], 'a month button at the end does nothing');
    await expect(el).to.be.accessible();
  });
});
