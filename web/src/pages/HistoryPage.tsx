/** History: tariff periods, service changes and the audit trail of the line. */
import { useTranslation } from 'react-i18next';
import { linePath, useApi } from '../api/client.ts';
import type { Catalog, LineHistory } from '../api/types.ts';
import { Card, ErrorNotice, Loading, PageTitle } from '../components/ui.tsx';
import { formatDate } from '../format.ts';

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
                    <p className="timeline-title">{t(`history.actions.${a.action}`, { defaultValue: a.action })}</p>
                    <p className="muted small">
                      <time dateTime={a.at}>{formatDate(a.at, true)}</time> · {t('history.channel')}: <bdi>{a.channel}</bdi> ·{' '}
                      {t('history.who')}: <bdi>{a.actorType}</bdi>
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
