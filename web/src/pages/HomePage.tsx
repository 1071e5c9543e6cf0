/** Home (S4.4): balance, personal data, tariff and fee, connected services, black list. */
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { linePath, useApi } from '../api/client.ts';
import type { LineOverview } from '../api/types.ts';
import { Badge, Card, ErrorNotice, Loading, PageTitle, Phone } from '../components/ui.tsx';
import { formatCount } from '../format.ts';
import { currentLanguage } from '../i18n/index.ts';

export function HomePage(props: { number: string }) {
  const { t } = useTranslation();
  const line = useApi<LineOverview>(linePath(props.number));
  const base = `/lines/${encodeURIComponent(props.number)}`;

  if (line.error) {
    return (
      <>
        <PageTitle>{t('home.title')}</PageTitle>
        <ErrorNotice error={line.error} onRetry={line.reload} />
      </>
    );
  }
  if (!line.data) return <Loading />;
  const o = line.data;
  const statusTone = o.status === 'active' ? 'good' : 'bad';

  return (
    <>
      <PageTitle>{t('home.title')}</PageTitle>
      <div className="home-grid">
        <section className="hero" aria-labelledby="balance-title">
          <div className="hero-top">
            <h2 id="balance-title" className="hero-label">
              {t('home.balance')}
            </h2>
            <Badge tone={statusTone}>{t(`status.${o.status}`)}</Badge>
          </div>
          <p className="hero-balance" data-testid="balance">
            <bdi>{o.balance.text}</bdi>
          </p>
          <p className="hero-meta">
            <Phone number={o.number} /> · {t(`payment.${o.paymentType}`)}
            {o.loyaltyPoints > 0 ? <> · {t('home.points', { n: formatCount(o.loyaltyPoints) })}</> : null}
          </p>
          <div className="hero-actions">
            <Link href={`${base}/top-up`} className="button button-on-brand" data-testid="top-up">
              {t('home.topUp')}
            </Link>
          </div>
        </section>

        <Card title={t('home.tariff')} id="tariff" actions={<Link href={`${base}/manage`}>{t('home.changeTariff')}</Link>}>
          <p className="tariff-name" data-testid="tariff-name">
            {o.tariff.name}
          </p>
          <p className="fee">
            <bdi>{o.tariff.fee.text}</bdi> <span className="muted">{periodText(t, o.tariff.period)}</span>
          </p>
        </Card>

        <Card title={t('home.services')} id="services" actions={<Link href={`${base}/manage#services`}>{t('home.manageServices')}</Link>}>
          {o.services.length === 0 ? (
            <p className="muted">{t('home.noServices')}</p>
          ) : (
            <ul className="rows" data-testid="services">
              {o.services.map((s) => (
                <li key={s.id} className="row">
                  <span>
                    {s.name} {s.pilot ? <Badge tone="warn">{t('home.pilot')}</Badge> : null}
                  </span>
                  <span className="row-end">
                    {s.fee && s.fee.minor > 0 ? (
                      <>
                        <bdi>{s.fee.text}</bdi> <span className="muted">{periodText(t, s.period)}</span>
                      </>
                    ) : (
                      <span className="muted">{t('home.free')}</span>
                    )}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>

        <Card title={t('home.blackList')} id="black-list">
          {o.blockedNumbers.length === 0 ? (
            <p className="muted">{t('home.noBlocked')}</p>
          ) : (
            <>
              <p className="muted">{t('home.blockedCount', { count: o.blockedNumbers.length, n: formatCount(o.blockedNumbers.length) })}</p>
              <ul className="chips" data-testid="blocked-numbers">
                {o.blockedNumbers.map((n) => (
                  <li key={n} className="chip">
                    <Phone number={n} />
                  </li>
                ))}
              </ul>
            </>
          )}
        </Card>

        <Card title={t('home.personal')} id="personal" className="span-2">
          <dl className="facts">
            <div>
              <dt>{t('home.name')}</dt>
              <dd data-testid="customer-name">
                <bdi>{o.customer.name}</bdi>
              </dd>
            </div>
            <div>
              <dt>{t('home.kind')}</dt>
              <dd>
                {t(`customerKind.${o.customer.kind}`)} · {t(`segment.${o.segment}`)}
              </dd>
            </div>
            {o.customer.region ? (
              <div>
                <dt>{t('home.region')}</dt>
                <dd>
                  <bdi>{o.customer.region}</bdi>
                </dd>
              </div>
            ) : null}
            <div>
              <dt>{t('home.number')}</dt>
              <dd>
                <Phone number={o.number} />
              </dd>
            </div>
            <div>
              <dt>{t('home.line')}</dt>
              <dd>
                {t(`lineType.${o.lineType}`)} · {t(`payment.${o.paymentType}`)}
              </dd>
            </div>
            <div>
              <dt>{t('home.language')}</dt>
              <dd>{new Intl.DisplayNames([currentLanguage()], { type: 'language' }).of(o.language) ?? o.language}</dd>
            </div>
          </dl>
        </Card>
      </div>
    </>
  );
}

export function periodText(t: (key: string) => string, period: string | null): string {
  return period === 'day' || period === 'month' ? t(`period.${period}`) : '';
}
