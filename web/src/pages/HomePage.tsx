/**
 * Home (S4.4): balance, spend by day and by month, last payment and debit, tariff and fee, tariff
 * advice (S2.3), connected services, black list, personal data.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { linePath, useApi } from '../api/client.ts';
import type { LastPosting, LineOverview, Spend, TariffAdvice } from '../api/types.ts';
import { SpendChart } from '../components/SpendChart.tsx';
import { Badge, Card, ErrorNotice, Loading, PageTitle, Phone } from '../components/ui.tsx';
import { formatCount, formatDate, formatMonth } from '../format.ts';
import { currentLanguage, currentLocale } from '../i18n/index.ts';

export function HomePage(props: { number: string }) {
  const { t, i18n } = useTranslation();
  const line = useApi<LineOverview>(linePath(props.number));
  const spend = useApi<Spend>(linePath(props.number, '/spend'));
  const advice = useApi<TariffAdvice>(linePath(props.number, '/tariff-advice'));
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

        <Card title={t('homeExtra.spend')} id="spend" className="span-2">
          {spend.error ? (
            <ErrorNotice error={spend.error} onRetry={spend.reload} />
          ) : !spend.data ? (
            <Loading />
          ) : (
            <>
              <p className="fee">
                {t('homeExtra.thisMonth', { month: formatMonth(spend.data.month, 'long') })}{' '}
                <strong data-testid="spend-total">
                  <bdi>{spend.data.total.text}</bdi>
                </strong>
              </p>
              <SpendChart
                month={spend.data.month}
                days={spend.data.days.map((d) => ({ key: d.day, total: d.total }))}
                months={spend.data.recentMonths.map((m) => ({ key: m.month, total: m.total }))}
                rtl={i18n.dir() === 'rtl'}
              />
            </>
          )}
        </Card>

        <Card title={t('homeExtra.payments')} id="payments">
          <dl className="facts">
            <PostingFact label={t('homeExtra.lastPayment')} posting={o.lastPayment} testId="last-payment" none={t('homeExtra.noPayment')} />
            <PostingFact label={t('homeExtra.lastDebit')} posting={o.lastDebit} testId="last-debit" none={t('homeExtra.noDebit')} />
          </dl>
        </Card>

        <Card title={t('home.tariff')} id="tariff" actions={<Link href={`${base}/manage`}>{t('home.changeTariff')}</Link>}>
          <p className="tariff-name" data-testid="tariff-name">
            {o.tariff.name}
          </p>
          <p className="fee">
            <bdi>{o.tariff.fee.text}</bdi> <span className="muted">{periodText(t, o.tariff.period)}</span>
          </p>
        </Card>

        <Card
          title={t('homeExtra.advice')}
          id="advice"
          actions={advice.data?.verdict === 'switch' ? <Link href={`${base}/manage`}>{t('home.changeTariff')}</Link> : undefined}
        >
          {advice.error ? (
            <ErrorNotice error={advice.error} onRetry={advice.reload} />
          ) : !advice.data ? (
            <Loading />
          ) : (
            <Advice advice={advice.data} />
          )}
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

        <Card
          title={t('home.blackList')}
          id="black-list"
          actions={<Link href={`${base}/manage#black-list`}>{t('homeExtra.manageBlackList')}</Link>}
        >
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

const POSTING_KINDS = [
  'top-up',
  'usage',
  'tariff-fee',
  'service-fee',
  'fee',
  'purchase',
  'refund',
  'promised-payment',
  'promised-payment-fee',
  'promised-payment-repayment',
  'opening-balance',
];

function PostingFact(props: { label: string; posting: LastPosting | null; testId: string; none: string }) {
  const { t } = useTranslation();
  const p = props.posting;
  return (
    <div data-testid={props.testId}>
      <dt>{props.label}</dt>
      <dd>
        {p ? (
          <>
            <bdi>{p.amount.text}</bdi> · {t(`homeExtra.kinds.${POSTING_KINDS.includes(p.kind) ? p.kind : 'other'}`)}{' '}
            <span className="muted">· {formatDate(p.at, true)}</span>
          </>
        ) : (
          <span className="muted">{props.none}</span>
        )}
      </dd>
    </div>
  );
}

/** The tariff advice (S2.3) in words: the saving, or that the tariff is already the best, or that there is too little to judge. */
function Advice(props: { advice: TariffAdvice }) {
  const { t } = useTranslation();
  const a = props.advice;
  if (a.verdict === 'not-enough-usage' || !a.current) {
    return (
      <p className="muted" data-testid="advice-verdict" data-verdict="not-enough-usage">
        {t('homeExtra.adviceTooLittle')}
      </p>
    );
  }
  const months = new Intl.ListFormat(currentLocale(), { type: 'conjunction' }).format(a.months.map((m) => formatMonth(m, 'long')));
  const basis = <p className="muted small">{t('homeExtra.adviceBasis', { months })}</p>;
  if (a.verdict === 'keep' || !a.suggested) {
    return (
      <>
        <p data-testid="advice-verdict" data-verdict="keep">
          {t('homeExtra.adviceKeep', { name: a.current.name })}
        </p>
        <p>
          {t('homeExtra.adviceCost')} <bdi>{a.current.monthlyCost.text}</bdi>
        </p>
        {basis}
      </>
    );
  }
  const s = a.suggested;
  return (
    <>
      <p data-testid="advice-verdict" data-verdict="switch">
        {t('homeExtra.adviceSwitch', { name: s.name })}
      </p>
      <ul className="rows">
        <li className="row">
          <span>{t('homeExtra.adviceYours', { name: a.current.name })}</span>
          <span className="row-end">
            <bdi>{a.current.monthlyCost.text}</bdi> <span className="muted">{t('period.month')}</span>
          </span>
        </li>
        <li className="row">
          <span>{s.name}</span>
          <span className="row-end">
            <bdi>{s.monthlyCost.text}</bdi> <span className="muted">{t('period.month')}</span>
          </span>
        </li>
        <li className="row">
          <strong>{t('homeExtra.adviceSaving')}</strong>
          <strong className="row-end saving" data-testid="advice-saving">
            <bdi>{s.monthlySaving.text}</bdi> <span className="muted">{t('period.month')}</span>
          </strong>
        </li>
        {s.changeFee.minor > 0 ? (
          <li className="row">
            <span>{t('manage.changeFee')}</span>
            <span className="row-end">
              <bdi>{s.changeFee.text}</bdi>
            </span>
          </li>
        ) : null}
      </ul>
      {basis}
    </>
  );
}
