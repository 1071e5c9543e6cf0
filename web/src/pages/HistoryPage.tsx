/** History: payments and charges of the main balance (with the balance after each), tariff periods, service changes and the audit trail. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, linePath, useApi } from '../api/client.ts';
import type { BalanceHistory, Catalog, LineHistory } from '../api/types.ts';
import { Card, ErrorNotice, Loading, PageTitle } from '../components/ui.tsx';
import { formatDate, formatMinor } from '../format.ts';
import { useOperator } from '../operator.tsx';

export function HistoryPage(props: { number: string }) {
  const { t } = useTranslation();
  const history = useApi<LineHistory>(linePath(props.number, '/history'));
  const catalog = useApi<Catalog>('/catalog');

  if (history.error) {
    return (
      <>
        <PageTitle>{t('history.title')}</PageTitle>
        <ErrorNotice error={history.error} onRetry={history.reload} />
      </>
    );
  }
  // Names come from the catalog; wait for it so ids never flash on screen (an error shows ids).
  if (!history.data || (catalog.loading && !catalog.data)) return <Loading />;
  const h = history.data;
  const tariffName = (id: string) => catalog.data?.tariffs.find((x) => x.id === id)?.name ?? id;
  const serviceName = (id: string) => catalog.data?.services.find((x) => x.id === id)?.name ?? id;
  const newestFirst = <T,>(items: T[], at: (item: T) => string) => [...items].sort((a, b) => at(b).localeCompare(at(a)));

  return (
    <>
      <PageTitle>{t('history.title')}</PageTitle>
      <div className="stack">
        <PaymentHistory number={props.number} />
        <Card title={t('history.tariffs')} id="tariff-periods">
          <div className="table-wrap">
            <table data-testid="tariff-periods">
              <thead>
                <tr>
                  <th scope="col">{t('history.tariff')}</th>
                  <th scope="col">{t('history.from')}</th>
                  <th scope="col">{t('history.to')}</th>
                </tr>
              </thead>
              <tbody>
                {newestFirst(h.tariffs, (x) => x.validFrom).map((p) => (
                  <tr key={`${p.tariffId}-${p.validFrom}`}>
                    <td>{tariffName(p.tariffId)}</td>
                    <td>{formatDate(p.validFrom, true)}</td>
                    <td>{p.validTo ? formatDate(p.validTo, true) : <span className="badge badge-good">{t('history.now')}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>

        <Card title={t('history.services')} id="service-changes">
          {h.services.length === 0 ? (
            <p className="muted">{t('history.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table data-testid="service-changes">
                <thead>
                  <tr>
                    <th scope="col">{t('history.service')}</th>
                    <th scope="col">{t('history.from')}</th>
                    <th scope="col">{t('history.to')}</th>
                  </tr>
                </thead>
                <tbody>
                  {newestFirst(h.services, (x) => x.activatedAt).map((s) => (
                    <tr key={`${s.serviceId}-${s.activatedAt}`}>
                      <td>{serviceName(s.serviceId)}</td>
                      <td>{formatDate(s.activatedAt, true)}</td>
                      <td>
                        {s.deactivatedAt ? formatDate(s.deactivatedAt, true) : <span className="badge badge-good">{t('history.now')}</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>

        <Card title={t('history.audit')} id="audit">
          {h.audit.length === 0 ? (
            <p className="muted">{t('history.empty')}</p>
          ) : (
            <ol className="timeline" data-testid="audit">
              {newestFirst(h.audit, (x) => x.at).map((a, i) => (
                <li key={`${a.at}-${i}`} className="timeline-item">
                  <span className="timeline-dot" aria-hidden="true" />
                  <div>
                    <p className="timeline-title">
                      {t(`history.actions.${a.action}`, { defaultValue: t(`payments.actions.${a.action}`, { defaultValue: a.action }) })}
                    </p>
                    <p className="muted small">
                      <time dateTime={a.at}>{formatDate(a.at, true)}</time> · {t('history.channel')}:{' '}
                      <bdi>{t(`history.channels.${a.channel}`, { defaultValue: a.channel })}</bdi> · {t('history.who')}:{' '}
                      <bdi>{t(`history.actors.${a.actorType}`, { defaultValue: a.actorType })}</bdi>
                    </p>
                  </div>
                </li>
              ))}
            </ol>
          )}
        </Card>
      </div>
    </>
  );
}

const PAGE = 20;

/** Top-ups, charges, fees and refunds of the main balance, newest first, with the balance after each; "show more" pages back. */
function PaymentHistory(props: { number: string }) {
  const { t } = useTranslation();
  const operator = useOperator();
  const base = linePath(props.number, `/balances/main/history?limit=${PAGE}`);
  const first = useApi<BalanceHistory>(base);
  const [more, setMore] = useState<{ for: string; pages: BalanceHistory[] }>({ for: base, pages: [] });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const pages = first.data ? [first.data, ...(more.for === base ? more.pages : [])] : [];
  const last = pages.at(-1);
  const money = (minor: number, signed = false) =>
    operator ? formatMinor(minor, last?.unit ?? operator.currency, operator.minorUnits, signed) : String(minor);

  const loadMore = async () => {
    if (!last?.nextBefore) return;
    setBusy(true);
    setError(undefined);
    try {
      const page = await api<BalanceHistory>(`${base}&before=${last.nextBefore}`);
      setMore((m) => ({ for: base, pages: [...(m.for === base ? m.pages : []), page] }));
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'unknown', String(e)));
    } finally {
      setBusy(false);
    }
  };

  const postings = pages.flatMap((p) => p.postings);
  return (
    <Card title={t('payments.title')} id="payments">
      {first.error ? <ErrorNotice error={first.error} onRetry={first.reload} /> : null}
      {!first.data && !first.error ? <Loading /> : null}
      {first.data && postings.length === 0 ? <p className="muted">{t('payments.empty')}</p> : null}
      {postings.length > 0 ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('payments.title')}>
          <table data-testid="payments">
            <thead>
              <tr>
                <th scope="col">{t('payments.what')}</th>
                <th scope="col">{t('payments.amount')}</th>
                <th scope="col">{t('payments.balanceAfter')}</th>
              </tr>
            </thead>
            <tbody>
              {postings.map((p) => (
                <tr key={p.transferId} data-kind={p.kind}>
                  <td>
                    {t(`payments.kinds.${p.kind}`, { defaultValue: p.kind })}
                    <time className="muted small payment-when" dateTime={p.at}>
                      {formatDate(p.at, true)}
                    </time>
                  </td>
                  <td className={p.amount < 0 ? 'amount-out' : 'amount-in'}>
                    <bdi>{money(p.amount, true)}</bdi>
                  </td>
                  <td>
                    <bdi>{money(p.balanceAfter)}</bdi>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {last?.nextBefore ? (
        <button type="button" className="button button-ghost" disabled={busy} onClick={() => void loadMore()} data-testid="payments-more">
          {busy ? t('app.loading') : t('payments.more')}
        </button>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
    </Card>
  );
}
