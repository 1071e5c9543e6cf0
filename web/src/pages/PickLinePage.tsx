/** Start page in demo mode: the demo lines to open (there is no sign-in yet). */
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useApi } from '../api/client.ts';
import type { DemoLine } from '../api/types.ts';
import { Badge, Card, ErrorNotice, Loading, PageTitle, Phone } from '../components/ui.tsx';

export function PickLinePage() {
  const { t } = useTranslation();
  const demo = useApi<{ lines: DemoLine[] }>('/demo/lines');

  if (demo.error?.status === 404) {
    return (
      <>
        <PageTitle>{t('app.tagline')}</PageTitle>
        <Card>
          <p>{t('picker.unavailable')}</p>
        </Card>
      </>
    );
  }
  return (
    <>
      <PageTitle sub={t('picker.intro')}>{t('picker.title')}</PageTitle>
      {demo.error ? <ErrorNotice error={demo.error} onRetry={demo.reload} /> : null}
      {demo.loading && !demo.data ? <Loading /> : null}
      <ul className="line-grid" aria-label={t('picker.title')}>
        {demo.data?.lines.map((line) => (
          <li key={line.number}>
            <Link href={`/lines/${encodeURIComponent(line.number)}`} className="line-card" data-number={line.number}>
              <span className="line-card-number">
                <Phone number={line.number} />
              </span>
              <span className="line-card-name">
                <bdi>{line.customer}</bdi>
              </span>
              <span className="badges">
                <Badge tone={line.segment === 'consumer' ? 'neutral' : 'brand'}>{t(`segment.${line.segment}`)}</Badge>
                <Badge>{t(`payment.${line.paymentType}`)}</Badge>
                <Badge>{t(`lineType.${line.lineType}`)}</Badge>
                {line.status !== 'active' ? <Badge tone="bad">{t(`status.${line.status}`)}</Badge> : null}
              </span>
              <span className="line-card-go" aria-hidden="true">
                →
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
