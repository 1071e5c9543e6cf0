/**
 * Spend as bars (S4.4): each day of the current month, or each of the last months. Hand-written
 * SVG (no chart library), a summary for screen readers and the same figures as a table. Time runs
 * in the reading direction: left to right, and right to left in Persian (the first day at the right).
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Money } from '../api/types.ts';
import { formatCount, formatDay, formatMonth } from '../format.ts';

export type SpendPoint = { key: string; total: Money };

const HEIGHT = 180;
const PAD_TOP = 10;
const PAD_BOTTOM = 26;
const PAD_SIDE = 6;
const MIN_BAR = 2;

/** Days of `month` (`YYYY-MM`). */
function daysIn(month: string): number {
  const [year = 1970, mm = 1] = month.split('-').map(Number);
  return new Date(Date.UTC(year, mm, 0)).getUTCDate();
}

type Mode = 'days' | 'months';

export function SpendChart(props: { month: string; days: SpendPoint[]; months: SpendPoint[]; rtl: boolean }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>('days');
  const id = useId();
  // Drawn at the size it is shown (no stretching): labels stay 12 px on a phone and on a desktop.
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(640);
  useEffect(() => {
    const element = box.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => {
      const measured = entries[0]?.contentRect.width;
      if (measured) setWidth(Math.max(200, Math.round(measured)));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const points = mode === 'days' ? props.days : props.months;
  const slots = mode === 'days' ? daysIn(props.month) : Math.max(props.months.length, 1);
  const slotOf = (p: SpendPoint, i: number) => (mode === 'days' ? Number(p.key.slice(8, 10)) - 1 : i);
  const labelOf = (p: SpendPoint) => (mode === 'days' ? formatDay(p.key) : formatMonth(p.key, 'long'));
  const max = points.reduce<SpendPoint | undefined>((m, p) => (!m || p.total.minor > m.total.minor ? p : m), undefined);
  const top = Math.max(max?.total.minor ?? 0, 1);
  const plot = HEIGHT - PAD_TOP - PAD_BOTTOM;
  const slot = (width - 2 * PAD_SIDE) / slots;
  const barWidth = Math.max(slot * 0.68, 2);
  /** The start edge of a slot's bar: from the left, or from the right when the page reads right to left. */
  const xOf = (index: number) => {
    const fromStart = PAD_SIDE + index * slot + (slot - barWidth) / 2;
    return props.rtl ? width - fromStart - barWidth : fromStart;
  };
  const centreOf = (index: number) => xOf(index) + barWidth / 2;
  const ticks =
    mode === 'days'
      ? [1, 5, 10, 15, 20, 25, slots].map((d) => ({ index: d - 1, text: formatCount(d) }))
      : props.months.map((m, i) => ({ index: i, text: formatMonth(m.key, 'short') }));
  const summary =
    points.length === 0
      ? t('homeExtra.chartEmpty')
      : !max || max.total.minor === 0
        ? t('homeExtra.chartNothingCharged')
        : t(mode === 'days' ? 'homeExtra.chartSummaryDays' : 'homeExtra.chartSummaryMonths', {
            count: points.length,
            n: formatCount(points.length),
            max: max?.total.text ?? '',
            when: max ? labelOf(max) : '',
          });

  return (
    <div className="spend" data-testid="spend-chart" data-mode={mode}>
      <div className="segmented" role="group" aria-label={t('homeExtra.chartView')}>
        {(['days', 'months'] as const).map((m) => (
          <button
            key={m}
            type="button"
            className="segmented-option"
            aria-pressed={mode === m}
            onClick={() => setMode(m)}
            data-testid={`spend-${m}`}
          >
            {t(m === 'days' ? 'homeExtra.byDay' : 'homeExtra.byMonth')}
          </button>
        ))}
      </div>
      <p className="muted small" id={`${id}-summary`}>
        {summary}
      </p>
      <div ref={box} className="spend-box">
        <svg
          className="spend-svg"
          viewBox={`0 0 ${width} ${HEIGHT}`}
          role="img"
          aria-labelledby={`${id}-title ${id}-summary`}
          width={width}
          height={HEIGHT}
          data-direction={props.rtl ? 'rtl' : 'ltr'}
        >
          <title id={`${id}-title`}>{t(mode === 'days' ? 'homeExtra.chartTitleDays' : 'homeExtra.chartTitleMonths')}</title>
          <line className="spend-axis" x1={PAD_SIDE} x2={width - PAD_SIDE} y1={PAD_TOP + plot} y2={PAD_TOP + plot} />
          <line className="spend-grid" x1={PAD_SIDE} x2={width - PAD_SIDE} y1={PAD_TOP} y2={PAD_TOP} />
          {points.map((p, i) => {
            const h = Math.max((p.total.minor / top) * plot, MIN_BAR);
            return (
              <rect
                key={p.key}
                className="spend-bar"
                data-testid="spend-bar"
                data-key={p.key}
                x={xOf(slotOf(p, i))}
                y={PAD_TOP + plot - h}
                width={barWidth}
                height={h}
                rx={Math.min(3, barWidth / 2)}
              >
                <title>{`${labelOf(p)}: ${p.total.text}`}</title>
              </rect>
            );
          })}
          {ticks.map((tick) => (
            <text key={tick.index} className="spend-tick" x={centreOf(tick.index)} y={HEIGHT - 8} textAnchor="middle">
              {tick.text}
            </text>
          ))}
        </svg>
      </div>
      <details className="spend-table">
        <summary>{t('homeExtra.showTable')}</summary>
        <table data-testid="spend-table">
          <caption className="sr-only">{t(mode === 'days' ? 'homeExtra.chartTitleDays' : 'homeExtra.chartTitleMonths')}</caption>
          <thead>
            <tr>
              <th scope="col">{t(mode === 'days' ? 'homeExtra.day' : 'homeExtra.month')}</th>
              <th scope="col">{t('homeExtra.spent')}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.key} data-testid="spend-row">
                <th scope="row">{labelOf(p)}</th>
                <td>
                  <bdi>{p.total.text}</bdi>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
