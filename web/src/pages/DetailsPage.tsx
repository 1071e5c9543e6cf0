/**
 * Itemized details (S4.6): pick a period (or this month / last month), order the records from the
 * server (calls, SMS, data, other; totals) and download the same period as CSV or PDF.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, linePath } from '../api/client.ts';
import type { DetailType, ItemizedDetails } from '../api/types.ts';
import { Card, ErrorNotice, Loading, PageTitle, Phone } from '../components/ui.tsx';
import { formatDate } from '../format.ts';
import { currentLanguage } from '../i18n/index.ts';
import { useOperator } from '../operator.tsx';

type Period = { from: string; to: string };
type Filter = 'all' | 'voice' | 'sms' | 'data' | 'other';
const FILTERS: Filter[] = ['all', 'voice', 'sms', 'data', 'other'];

/** Today as YYYY-MM-DD in the operator's time zone (the server counts days there too). */
function today(timeZone: string | undefined): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

function lastDayOf(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number) => String(n).padStart(2, '0');

/** This month: the 1st to today. Last month: its 1st to its last day. */
export function presetPeriod(preset: 'this' | 'last', todayIso: string): Period {
  const [y = 1970, m = 1] = todayIso.split('-').map(Number);
  if (preset === 'this') return { from: `${y}-${pad(m)}-01`, to: todayIso };
  const year = m === 1 ? y - 1 : y;
  const month = m === 1 ? 12 : m - 1;
  return { from: `${year}-${pad(month)}-01`, to: `${year}-${pad(month)}-${pad(lastDayOf(year, month))}` };
}

/** A local day (YYYY-MM-DD) in the screen's language; noon UTC keeps it the same day in every time zone. */
function formatDay(day: string): string {
  return formatDate(`${day}T12:00:00Z`);
}

function category(type: DetailType): Exclude<Filter, 'all'> {
  return type === 'voice' || type === 'sms' || type === 'data' ? type : 'other';
}

export function DetailsPage(props: { number: string }) {
  const { t } = useTranslation();
  const operator = useOperator();
  const [period, setPeriod] = useState<Period>(() => presetPeriod('this', today(operator?.timeZone)));
  const [details, setDetails] = useState<ItemizedDetails | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const [filter, setFilter] = useState<Filter>('all');

  const order = async (event?: FormEvent) => {
    event?.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const query = new URLSearchParams({ from: period.from, to: period.to });
      setDetails(await api<ItemizedDetails>(linePath(props.number, `/details?${query.toString()}`)));
      setFilter('all');
    } catch (e) {
      setDetails(undefined);
      setError(e instanceof ApiError ? e : new ApiError(0, 'unknown', String(e)));
    } finally {
      setBusy(false);
    }
  };

  const choose = (preset: 'this' | 'last') => {
    setPeriod(presetPeriod(preset, today(operator?.timeZone)));
    setDetails(undefined);
  };

  const download = (ext: 'csv' | 'pdf') => {
    if (!details) return '';
    const query = new URLSearchParams({ from: details.from, to: details.to, lang: currentLanguage() });
    return `/api/v1${linePath(props.number, `/details.${ext}?${query.toString()}`)}`;
  };
  const items = details?.items.filter((i) => filter === 'all' || category(i.type) === filter) ?? [];
  const counts = (f: Filter) => details?.items.filter((i) => f === 'all' || category(i.type) === f).length ?? 0;

  return (
    <>
      <PageTitle sub={t('details.intro')}>{t('details.title')}</PageTitle>
      <div className="stack">
        <Card title={t('details.period')} id="details-period">
          <div className="button-row" role="group" aria-label={t('details.period')}>
            <button type="button" className="button button-ghost" onClick={() => choose('this')} data-testid="preset-this">
              {t('details.thisMonth')}
            </button>
            <button type="button" className="button button-ghost" onClick={() => choose('last')} data-testid="preset-last">
              {t('details.lastMonth')}
            </button>
          </div>
          <form className="field-form" onSubmit={(e) => void order(e)}>
            <div className="field-row">
              <label className="field-label">
                {t('details.from')}
                <input
                  className="field-input"
                  type="date"
                  required
                  value={period.from}
                  max={period.to}
                  onChange={(e) => setPeriod({ ...period, from: e.target.value })}
                  data-testid="details-from"
                />
              </label>
              <label className="field-label">
                {t('details.to')}
                <input
                  className="field-input"
                  type="date"
                  required
                  value={period.to}
                  min={period.from}
                  onChange={(e) => setPeriod({ ...period, to: e.target.value })}
                  data-testid="details-to"
                />
              </label>
            </div>
            <button type="submit" className="button" disabled={busy} data-testid="details-order">
              {busy ? t('manage.working') : t('details.order')}
            </button>
          </form>
          {error ? <ErrorNotice error={error} /> : null}
        </Card>

        {busy && !details ? <Loading /> : null}
        {details ? (
          <Card title={t('details.ordered', { from: formatDay(details.from), to: formatDay(details.to) })} id="details-records">
            <div className="button-row">
              <span className="muted">{t('details.download')}:</span>
              <a className="button button-ghost" href={download('csv')} download data-testid="download-csv">
                {t('details.csv')}
              </a>
              <a className="button button-ghost" href={download('pdf')} download data-testid="download-pdf">
                {t('details.pdf')}
              </a>
            </div>
            <dl className="facts" data-testid="details-totals">
              <div>
                <dt>{t('details.charged')}</dt>
                <dd data-testid="details-charged">
                  <bdi>{details.charged.text}</bdi>
                </dd>
              </div>
              <div>
                <dt>{t('details.credited')}</dt>
                <dd data-testid="details-credited">
                  <bdi>{details.credited.text}</bdi>
                </dd>
              </div>
            </dl>
            <div className="button-row" role="group" aria-label={t('details.filter')}>
              {FILTERS.map((f) => (
                <button
                  key={f}
                  type="button"
                  className={`chip-button${filter === f ? ' is-on' : ''}`}
                  aria-pressed={filter === f}
                  onClick={() => setFilter(f)}
                  data-filter={f}
                >
                  {t(`details.${f}`)} <bdi>({counts(f)})</bdi>
                </button>
              ))}
            </div>
            {items.length === 0 ? (
              <p className="muted">{t('details.empty')}</p>
            ) : (
              <div className="table-wrap" tabIndex={0} role="region" aria-label={t('details.title')}>
                <table data-testid="details-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('details.when')}</th>
                      <th scope="col">{t('details.what')}</th>
                      <th scope="col">{t('details.quantity')}</th>
                      <th scope="col">{t('details.amount')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((item, i) => (
                      <tr key={`${item.at}-${i}`} data-type={item.type}>
                        <td>
                          <bdi dir="ltr">{item.localTime}</bdi>
                        </td>
                        <td>
                          {item.typeName}
                          {item.counterparty ? (
                            <span className="detail-counterparty">
                              <Phone number={item.counterparty} />
                            </span>
                          ) : null}
                          {item.description !== item.typeName && !item.counterparty ? (
                            <span className="muted small"> · {item.description}</span>
                          ) : null}
                        </td>
                        <td>
                          <bdi>{item.quantity}</bdi>
                        </td>
                        <td className={item.amount.minor < 0 ? 'amount-out' : 'amount-in'}>
                          <bdi>{item.amount.text}</bdi>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Card>
        ) : null}
      </div>
    </>
  );
}
